import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { once } from "node:events"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"

const bin = join(import.meta.dirname, "..", "bin", "wagate.ts")

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
