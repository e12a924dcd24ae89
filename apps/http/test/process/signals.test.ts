import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Net from "node:net"
import { eventually, isAlive, rawRequest, readyPort } from "../support/process.ts"
import { scopedNpmStart, scopedTempDir } from "../support/gatewayProcess.ts"

const TOKEN = "signal-token"

const tempDir = scopedTempDir("wagate-signals-")

/** Whether something accepts connections on the port. */
const accepts = (port: number) =>
  rawRequest(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5_000).then((outcome) =>
    outcome.outcome !== "refused"
  )

/**
 * A request held in flight: the headers and half the body of a session creation are sent, the rest only when
 * `finish` is called. Resolves `answer` with everything the server sent back.
 */
const slowRequest = (port: number) =>
  new Promise<{ readonly finish: () => void; readonly answer: Promise<string> }>((resolve, reject) => {
    const body = JSON.stringify({ id: "in-flight", name: "sent across the signal" })
    const half = Math.floor(body.length / 2)
    const socket = Net.connect({ port, host: "127.0.0.1" })
    let received = ""
    const answer = new Promise<string>((done) => {
      socket.on("data", (chunk: Buffer) => (received += chunk.toString()))
      socket.on("close", () => done(received))
    })
    socket.on("error", reject)
    socket.on("connect", () => {
      socket.write(
        `POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`
      )
      resolve({ finish: () => socket.write(body.slice(half)), answer })
    })
  })

/**
 * `npm start`, as the README says, signalled at the very PID it created, while a request is in flight: the
 * request finishes with its answer, `npm` exits 0, and no process of the gateway is left.
 */
const stopsCleanlyOn = (signal: "SIGTERM" | "SIGINT") =>
  Effect.scoped(Effect.gen(function*() {
    const dir = yield* tempDir
    const { npm, recordFamily } = yield* scopedNpmStart({
        PORT: "0",
        WAGATE_DATA_DIR: dir,
        WAGATE_TRANSPORT: "simulator",
        WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`
      })
    const pid = npm.child.pid ?? assert.fail("npm did not start")
    const port = yield* Effect.promise(() => readyPort(npm))
    const family = recordFamily()
    assert.isNotEmpty(family, "npm runs the gateway as its child")

    const inFlight = yield* Effect.promise(() => slowRequest(port))
    process.kill(pid, signal)
    // The gateway stops accepting connections as soon as shutdown begins.
    yield* Effect.promise(() => eventually("the port stops accepting", async () => !(await accepts(port))))
    inFlight.finish()
    const answer = yield* Effect.promise(() => inFlight.answer)
    assert.match(answer, /^HTTP\/1\.1 201 Created\r\n/, answer)
    assert.match(answer, /\r\nconnection: close\r\n/i)
    assert.include(answer, `"id":"in-flight"`)

    const code = yield* Effect.promise(() => npm.exited)
    assert.strictEqual(code, 0, npm.output())
    assert.deepStrictEqual(family.filter(isAlive), [], "no process of the gateway is left")
    assert.isFalse(yield* Effect.promise(() => accepts(port)), "nothing listens on the port any more")
    assert.notInclude(npm.output(), "npm error")
  }))

describe("stopping `npm start`", () => {
  it.live("SIGTERM to the npm process: the request in flight finishes, exit 0, nothing left running", () =>
    stopsCleanlyOn("SIGTERM"), 180_000)

  it.live("SIGINT to the npm process: the same", () => stopsCleanlyOn("SIGINT"), 180_000)
})
