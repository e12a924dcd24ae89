import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const main = join(import.meta.dirname, "..", "src", "main.ts")
const TOKEN = "proc-token"

interface Running {
  readonly child: ChildProcess
  readonly port: number
  readonly output: () => string
}

/** Spawns the gateway as `npm start` does and collects what it prints. */
const spawnGateway = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ["--conditions=@wagate/source", main], {
    env: { ...process.env, PORT: "0", WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

/** Starts the gateway and resolves once it listens, with its port; killed when the test's scope closes. */
const start = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.callback<Running, Error>((resume) => {
      const { child, output } = spawnGateway(env)
      const poll = setInterval(() => {
        const match = /Listening on http:\/\/[^"\s]*:(\d+)"/.exec(output())
        if (match?.[1] !== undefined) {
          clearInterval(poll)
          resume(Effect.succeed({ child, port: Number(match[1]), output }))
        }
      }, 50)
      child.on("exit", (code) => {
        clearInterval(poll)
        resume(Effect.fail(new Error(`exited with ${code} before listening:\n${output()}`)))
      })
    }).pipe(Effect.timeout("60 seconds")),
    ({ child }) => Effect.sync(() => child.exitCode === null && child.kill("SIGKILL"))
  )

/** SIGTERM, and the exit code. */
const stop = (child: ChildProcess) =>
  Effect.gen(function*() {
    const exited = Effect.promise(() => once(child, "exit"))
    child.kill("SIGTERM")
    const [code] = yield* exited.pipe(Effect.timeout("30 seconds"))
    return code as number | null
  })

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
      const { child, port, output } = yield* start({ WAGATE_DATA_DIR: dir })
      const health = yield* call(port, "GET", "/healthz")
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(yield* Effect.promise(() => health.json()), { status: "ok" })
      assert.isNotNull(health.headers.get("x-request-id"))
      assert.strictEqual((yield* call(port, "GET", "/readyz")).status, 200)
      assert.strictEqual(yield* stop(child), 0, output())
      for (const line of output().trim().split("\n")) {
        assert.doesNotThrow(() => JSON.parse(line), `a JSON log line: ${line}`)
      }
    })), 120_000)

  it.live("keeps data across restarts on the same data directory; a second gateway on it is refused by name", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const first = yield* start({ WAGATE_DATA_DIR: dir })
      const created = yield* call(first.port, "POST", "/api/v1/sessions", { id: "durable", name: "kept" })
      assert.strictEqual(created.status, 201)

      const second = spawnGateway({ WAGATE_DATA_DIR: dir })
      const [secondCode] = yield* Effect.promise(() => once(second.child, "exit")).pipe(Effect.timeout("60 seconds"))
      assert.notStrictEqual(secondCode, 0)
      assert.include(second.output(), String(first.child.pid), "the error names the process holding the directory")

      assert.strictEqual(yield* stop(first.child), 0, first.output())
      const again = yield* start({ WAGATE_DATA_DIR: dir })
      const read = yield* call(again.port, "GET", "/api/v1/sessions/durable")
      assert.strictEqual(read.status, 200)
      const body = (yield* Effect.promise(() => read.json())) as { id: string; name: string }
      assert.deepStrictEqual([body.id, body.name], ["durable", "kept"])
      assert.strictEqual(yield* stop(again.child), 0, again.output())
    })), 240_000)

  it.live("an invalid variable stops start-up with a message naming it", () =>
    Effect.gen(function*() {
      const { child, output } = spawnGateway({ WAGATE_TRANSPORT: "carrier-pigeon" })
      const [code] = yield* Effect.promise(() => once(child, "exit")).pipe(Effect.timeout("30 seconds"))
      assert.notStrictEqual(code, 0)
      assert.include(output(), "WAGATE_TRANSPORT")
    }), 60_000)
})
