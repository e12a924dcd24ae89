import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { join } from "node:path"

const main = join(import.meta.dirname, "..", "src", "main.ts")

/** Starts `main.ts` as `npm start` does, on a free port, and resolves with the port it listens on. */
const start = (env: Record<string, string>) =>
  Effect.callback<{ readonly child: ChildProcess; readonly port: number; readonly output: () => string }, Error>((resume) => {
    const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Listening on http:\/\/[^:]*:?\[?[^\]]*\]?:(\d+)/.exec(output)
      if (match?.[1] !== undefined) resume(Effect.succeed({ child, port: Number(match[1]), output: () => output }))
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.on("exit", (code) => resume(Effect.fail(new Error(`exited with ${code} before listening:\n${output}`))))
    return Effect.sync(() => child.kill("SIGKILL"))
  }).pipe(Effect.timeout("20 seconds"))

describe("the gateway process", () => {
  it.live("starts on the defaults, answers /healthz, and exits cleanly on SIGTERM", () =>
    Effect.gen(function*() {
      const { child, port, output } = yield* start({})
      const health = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/healthz`))
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(yield* Effect.promise(() => health.json()), { status: "ok" })
      assert.isNotNull(health.headers.get("x-request-id"))
      const exited = Effect.promise(() => once(child, "exit"))
      child.kill("SIGTERM")
      const [code] = yield* exited.pipe(Effect.timeout("10 seconds"))
      assert.strictEqual(code, 0, output())
      for (const line of output().trim().split("\n")) {
        assert.doesNotThrow(() => JSON.parse(line), `a JSON log line: ${line}`)
      }
    }))

  it.live("an invalid variable stops start-up with a message naming it", () =>
    Effect.gen(function*() {
      const child = spawn(process.execPath, [main], {
        env: { ...process.env, PORT: "0", WAGATE_TRANSPORT: "carrier-pigeon" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
      const [code] = yield* Effect.promise(() => once(child, "exit")).pipe(Effect.timeout("20 seconds"))
      assert.notStrictEqual(code, 0)
      assert.include(output, "WAGATE_TRANSPORT")
    }))
})
