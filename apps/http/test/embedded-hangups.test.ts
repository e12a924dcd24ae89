import { assert, layer } from "@effect/vitest"
import { Context, Effect, Layer, Schedule } from "effect"
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

/**
 * Issue 8 item 6: clients that hang up mid-request must not cost the embedded store its only connection. The
 * repro as reported: the gateway process on its default embedded store, eight loops that send a request and
 * destroy the socket 0–25 ms later, and a caller with a valid token probing store-backed endpoints meanwhile.
 * Before the fix most probes answered 503 `unavailable`. Every party is its own process, as in production.
 */

const main = Path.join(import.meta.dirname, "..", "src", "main.ts")
const hangUpsScript = Path.join(import.meta.dirname, "support", "hangUps.ts")
const TOKEN = "hangups-token"

const dataDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "wagate-hangups-"))),
  (directory) => Effect.sync(() => Fs.rmSync(directory, { recursive: true, force: true }))
)

const call = (port: number, path: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }
    })
    await response.arrayBuffer()
    return response.status
  })

/** Waits (polling, with a deadline) until the gateway's store answers. */
const ready = (port: number) =>
  call(port, "/readyz").pipe(
    Effect.filterOrFail((status) => status === 200, () => new Error("not ready")),
    Effect.retry(Schedule.spaced("100 millis")),
    Effect.timeout("60 seconds")
  )

/** The gateway process on an embedded store in a fresh data directory, killed when its layer closes. */
class GatewayProcess extends Context.Service<GatewayProcess, {
  readonly port: number
  /** Everything it printed so far. */
  readonly output: () => string
}>()("test/GatewayProcess") {}

const gatewayProcess = Layer.effect(GatewayProcess, Effect.gen(function*() {
  const directory = yield* dataDir
  const running = yield* Effect.acquireRelease(
    Effect.callback<{ readonly port: number; readonly output: () => string; readonly kill: () => void }, Error>((resume) => {
      const child = spawn(process.execPath, ["--conditions=@wagate/source", main], {
        env: {
          ...process.env,
          PORT: "0",
          WAGATE_DATA_DIR: directory,
          WAGATE_TRANSPORT: "simulator",
          WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`
        },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let output = ""
      const kill = () => {
        if (child.exitCode === null) child.kill("SIGKILL")
      }
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString()
        const match = /Listening on http:\/\/[^"\s]*:(\d+)"/.exec(output)
        if (match?.[1] !== undefined) resume(Effect.succeed({ port: Number(match[1]), output: () => output, kill }))
      }
      child.stdout.on("data", onOutput)
      child.stderr.on("data", onOutput)
      child.on("exit", (code) => resume(Effect.fail(new Error(`the gateway exited with ${code}:\n${output}`))))
      return Effect.sync(kill)
    }).pipe(Effect.timeout("90 seconds")),
    ({ kill }) => Effect.sync(kill)
  )
  yield* ready(running.port)
  return GatewayProcess.of({ port: running.port, output: running.output })
}))

/** Eight loops hanging up on `request`, in their own process, for the life of the scope; `stopped` ends them
 * and answers how many hang-ups they did. */
const hangingUp = (port: number, request: string) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly stopped: Effect.Effect<number, Error> }, Error>((resume) => {
      const child = spawn(process.execPath, [hangUpsScript, String(port), "8", Buffer.from(request).toString("base64")], {
        stdio: ["pipe", "pipe", "inherit"]
      })
      let output = ""
      const closed = new Promise<number>((resolve, reject) => {
        child.on("close", () => {
          const match = /hangups (\d+)/.exec(output)
          if (match?.[1] === undefined) reject(new Error(`the hang-up loops stopped without a count: ${output}`))
          else resolve(Number(match[1]))
        })
      })
      const stopped = Effect.suspend(() => {
        child.stdin.end()
        return Effect.tryPromise({ try: () => closed, catch: (error) => new Error(`the hang-up loops failed: ${String(error)}`) })
      })
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString()
        if (output.startsWith("started\n")) resume(Effect.succeed({ stopped }))
      })
      child.on("error", (error) => resume(Effect.fail(error)))
      return Effect.sync(() => child.kill("SIGKILL"))
    }),
    ({ stopped }) => Effect.ignore(stopped)
  )

const readyz = "GET /readyz HTTP/1.1\r\nhost: localhost\r\n\r\n"
const listSessions = `GET /api/v1/sessions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${TOKEN}\r\n\r\n`

/** Probes store-backed endpoints with a valid token while eight loops hang up on `request`. */
const probeWhileHangingUp = (request: string, session: string, probes: number) =>
  Effect.gen(function*() {
    const { output, port } = yield* GatewayProcess
    assert.strictEqual(yield* call(port, "/api/v1/sessions", { method: "POST", body: JSON.stringify({ id: session }) }), 201)
    const loops = yield* hangingUp(port, request)
    const statuses: Array<number> = []
    for (let i = 0; i < probes; i++) {
      statuses.push(yield* call(port, i % 2 === 0 ? "/api/v1/sessions" : `/api/v1/sessions/${session}`))
    }
    const hangUps = yield* loops.stopped
    return { statuses, hangUps, readyAfter: yield* call(port, "/readyz"), output }
  }).pipe(Effect.scoped)

const failed = (statuses: ReadonlyArray<number>) => statuses.filter((status) => status !== 200).length

/** The first few log lines that are not access-log lines: what went wrong, for a failure message. */
const firstComplaints = (output: string) =>
  output.split("\n").filter((line) => line !== "" && !line.includes('"http request"')).slice(0, 5).join("\n").slice(0, 3000)

layer(gatewayProcess, { excludeTestServices: true, timeout: "3 minutes" })("clients that hang up mid-request, on the embedded store", (it) => {
  it.effect("an unauthenticated /readyz hung up on costs no store-backed call its answer", () =>
    Effect.gen(function*() {
      const { hangUps, output, readyAfter, statuses } = yield* probeWhileHangingUp(readyz, "steady-readyz", 300)
      assert.isAbove(hangUps, 100)
      assert.strictEqual(failed(statuses), 0, `${failed(statuses)} of ${statuses.length} probes failed\n${firstComplaints(output())}`)
      assert.strictEqual(readyAfter, 200)
    }), 120_000)

  it.effect("an authenticated list hung up on costs no other call its answer", () =>
    Effect.gen(function*() {
      const { hangUps, output, readyAfter, statuses } = yield* probeWhileHangingUp(listSessions, "steady-list", 300)
      assert.isAbove(hangUps, 100)
      assert.strictEqual(failed(statuses), 0, `${failed(statuses)} of ${statuses.length} probes failed\n${firstComplaints(output())}`)
      assert.strictEqual(readyAfter, 200)
    }), 120_000)
})
