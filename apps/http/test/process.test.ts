import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { readyPort, type Spawned, spawnProcess } from "./support/process.ts"

const TOKEN = "proc-token"

/** Starts the gateway as `npm start` does and resolves once it is ready, with its port; killed when the scope closes. */
const start = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() => spawnProcess({ PORT: "0", WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`, ...env })),
    (spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  ).pipe(Effect.flatMap((spawned) => Effect.map(Effect.promise(() => readyPort(spawned)), (port) => ({ ...spawned, port }))))

/** SIGTERM, and the exit code. */
const stop = (spawned: Spawned) =>
  Effect.promise(() => {
    spawned.child.kill("SIGTERM")
    return spawned.exited
  }).pipe(Effect.timeout("30 seconds"))

const call = (port: number, method: string, path: string, body?: unknown) =>
  Effect.promise(() =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  )

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-proc-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

describe("the gateway process", () => {
  it.live("starts on the defaults (embedded Postgres), answers /healthz and /readyz, exits 0 on SIGTERM", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const gateway = yield* start({ WAGATE_DATA_DIR: dir })
      const health = yield* call(gateway.port, "GET", "/healthz")
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(yield* Effect.promise(() => health.json()), { status: "ok" })
      assert.isNotNull(health.headers.get("x-request-id"))
      assert.strictEqual((yield* call(gateway.port, "GET", "/readyz")).status, 200)
      assert.strictEqual(yield* stop(gateway), 0, gateway.output())
      for (const line of gateway.output().trim().split("\n")) {
        assert.doesNotThrow(() => JSON.parse(line), `a JSON log line: ${line}`)
      }
    })), 120_000)

  it.live("keeps data across restarts on the same data directory; a second gateway on it is refused by name", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const first = yield* start({ WAGATE_DATA_DIR: dir })
      const created = yield* call(first.port, "POST", "/api/v1/sessions", { id: "durable", name: "kept" })
      assert.strictEqual(created.status, 201)

      const second = spawnProcess({ PORT: "0", WAGATE_DATA_DIR: dir })
      const secondCode = yield* Effect.promise(() => second.exited).pipe(Effect.timeout("60 seconds"))
      assert.strictEqual(secondCode, 1)
      const lines = second.errors().trim().split("\n")
      assert.strictEqual(lines.length, 1, second.errors())
      assert.match(lines[0] ?? "", new RegExp(`^wagate: WAGATE_DATA_DIR: wagate data directory .* is in use by process ${first.child.pid} `))
      assert.notInclude(second.output(), "    at ")

      assert.strictEqual(yield* stop(first), 0, first.output())
      const again = yield* start({ WAGATE_DATA_DIR: dir })
      const read = yield* call(again.port, "GET", "/api/v1/sessions/durable")
      assert.strictEqual(read.status, 200)
      const body = (yield* Effect.promise(() => read.json())) as { id: string; name: string }
      assert.deepStrictEqual([body.id, body.name], ["durable", "kept"])
      assert.strictEqual(yield* stop(again), 0, again.output())
    })), 240_000)
})
