import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { once } from "node:events"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"

const bin = join(import.meta.dirname, "..", "bin", "wagate.js")

/** Runs `wagate …` as `npx wagate …` would, and answers its exit code and output. */
const wagate = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.gen(function*() {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    const [code] = yield* Effect.promise(() => once(child, "exit")).pipe(Effect.timeout("90 seconds"))
    return { code: code as number | null, output }
  })

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-cli-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("wagate migrate", () => {
  it.live("applies the schema to the embedded database once; again, there is nothing to do", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const first = yield* wagate(["migrate"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(first.code, 0, first.output)
      assert.include(first.output, "applied 0001_initial")
      assert.include(first.output, "applied 0002_lid_twins")
      assert.include(first.output, "applied 0004_webhooks")
      assert.include(first.output, "applied 0005_outbox")
      assert.include(first.output, "applied 0006_notify_after_commit")
      assert.include(first.output, "applied 0007_conversations")
      const again = yield* wagate(["migrate"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(again.code, 0, again.output)
      assert.include(again.output, "the schema is up to date")
    })), 180_000)

  it.live("a data directory another live process holds is refused with a message naming it, not a stack", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      // This test process plays the running gateway.
      const lock = { pid: process.pid, command: "node gateway", hostname: hostname(), startedAt: new Date().toISOString(), lockedAt: new Date().toISOString(), token: "t" }
      writeFileSync(join(dir, "wagate.lock"), JSON.stringify(lock))
      const refused = yield* wagate(["migrate"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(refused.code, 1, refused.output)
      assert.include(refused.output, `in use by process ${process.pid}`)
      assert.include(refused.output, "HTTP API")
      assert.notInclude(refused.output, "    at ")
    })), 120_000)

  it.live("an invalid database URL names the variable", () =>
    Effect.gen(function*() {
      const result = yield* wagate(["migrate"], { WAGATE_DATABASE_URL: "mysql://nope" })
      assert.strictEqual(result.code, 1, result.output)
      assert.include(result.output, "WAGATE_DATABASE_URL")
    }), 60_000)
})

describe("wagate apikey", () => {
  it.live("create prints the key once; list shows it without the key; revoke marks it revoked", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const created = yield* wagate(["apikey", "create", "--org", "acme", "--caps", "read,send", "--name", "ci"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(created.code, 0, created.output)
      const key = /wgk_[A-Za-z0-9_-]{43}/.exec(created.output)?.[0]
      const id = /created api key (\S+) for acme with read, send/.exec(created.output)?.[1]
      assert.isDefined(key, created.output)
      assert.isDefined(id, created.output)

      const listed = yield* wagate(["apikey", "list", "--org", "acme"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(listed.code, 0, listed.output)
      assert.include(listed.output, `${id}  ci  read,send`)
      assert.include(listed.output, "active")
      assert.notInclude(listed.output, key ?? "wgk_")
      const other = yield* wagate(["apikey", "list", "--org", "globex"], { WAGATE_DATA_DIR: dir })
      assert.include(other.output, "no api keys for globex")

      const revoked = yield* wagate(["apikey", "revoke", id ?? ""], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(revoked.code, 0, revoked.output)
      assert.include((yield* wagate(["apikey", "list", "--org", "acme"], { WAGATE_DATA_DIR: dir })).output, "revoked 20")
      const unknown = yield* wagate(["apikey", "revoke", "nope"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(unknown.code, 1)
      assert.include(unknown.output, "no api key nope")
    })), 240_000)

  it.live("bad capabilities are refused naming them; a held directory points to the HTTP API", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const bad = yield* wagate(["apikey", "create", "--org", "acme", "--caps", "read,bogus"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(bad.code, 1, bad.output)
      assert.include(bad.output, "bogus")
      const lock = { pid: process.pid, command: "node gateway", hostname: hostname(), startedAt: new Date().toISOString(), lockedAt: new Date().toISOString(), token: "t" }
      writeFileSync(join(dir, "wagate.lock"), JSON.stringify(lock))
      const held = yield* wagate(["apikey", "list", "--org", "acme"], { WAGATE_DATA_DIR: dir })
      assert.strictEqual(held.code, 1, held.output)
      assert.include(held.output, `in use by process ${process.pid}`)
      assert.include(held.output, "/api/v1/api-keys")
    })), 240_000)
})
