/**
 * `npm run sandbox` as a person runs it: one command starting the protocol simulator and the gateway on the
 * `baileys` transport pointed at it (or joining a simulator already running), the `sandbox` token, the
 * `_simulator` routes; SIGTERM stops both with exit 0.
 */
import { assert, describe, it } from "@effect/vitest"
import { startWaSim } from "@wagate/wa-sim"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import * as Net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, readyPort, type Spawned, spawnProcess } from "../support/process.ts"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-sandbox-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const sandbox = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() => spawnProcess(env, { file: "npm", args: ["run", "sandbox"] })),
    (spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  )

const stop = (spawned: Spawned) =>
  Effect.promise(() => {
    spawned.child.kill("SIGTERM")
    return spawned.exited
  })

const call = (port: number, method: string, path: string, json?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { authorization: "Bearer sandbox", ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) })
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? null : (JSON.parse(text) as Record<string, unknown>) }
  })

/** Polls until the session's status is `status` (30 s at most). */
const statusBecomes = (port: number, session: string, status: string) =>
  Effect.promise(async () => {
    const deadline = Date.now() + 30_000
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${session}`, { headers: { authorization: "Bearer sandbox" } })
      const body = (await response.json()) as { status: string }
      if (body.status === status) return body
      if (Date.now() > deadline) throw new Error(`session ${session} is ${body.status}, not ${status}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number) =>
  Effect.promise(() =>
    new Promise<boolean>((resolve) => {
      const socket = Net.connect({ port, host: "127.0.0.1" })
      socket.once("connect", () => {
        socket.destroy()
        resolve(true)
      })
      socket.once("error", () => resolve(false))
    })
  )

/** Creates a session, sees it `pairing` with a QR, links it by the simulated phone, sees it `connected`. */
const pairAndLink = Effect.fn("pairAndLink")(function*(port: number, id: string) {
  const created = yield* call(port, "POST", "/sessions", { id })
  assert.strictEqual(created.status, 201, JSON.stringify(created.body))
  assert.strictEqual(created.body?.["status"], "pairing")
  const qr = yield* call(port, "GET", `/sessions/${id}/qr`)
  assert.strictEqual(qr.status, 200)
  assert.match(String(qr.body?.["qr"]), /^https:\/\/wa\.me\/settings\/linked_devices#/)
  assert.strictEqual((yield* call(port, "POST", `/_simulator/sessions/${id}:link`, {})).status, 204)
  return yield* statusBecomes(port, id, "connected")
})

describe("npm run sandbox", () => {
  it.live("starts the simulator and the gateway on Baileys pointed at it: pair, :link, connected; SIGTERM stops both, exit 0", () =>
    Effect.scoped(Effect.gen(function*() {
      const port = yield* Effect.promise(freePort)
      const spawned = yield* sandbox({ PORT: String(port), WAGATE_DATA_DIR: yield* tempDir })
      assert.strictEqual(yield* Effect.promise(() => readyPort(spawned)), port)
      const announced = /the WhatsApp simulator listens on ws:\/\/127\.0\.0\.1:(\d+)\/ws\/chat/.exec(spawned.output())
      assert.isNotNull(announced, spawned.output())
      const simulatorPort = Number(announced?.[1])

      yield* pairAndLink(port, "alice")
      assert.strictEqual((yield* call(port, "POST", "/_simulator/sessions/alice:drop")).status, 204)
      yield* statusBecomes(port, "alice", "connected")

      assert.strictEqual(yield* stop(spawned), 0, spawned.output())
      assert.isFalse(yield* listening(simulatorPort), "the simulator stopped with the gateway")
      assert.isFalse(yield* listening(port))
      assert.notMatch(spawned.output(), /"level":"(ERROR|FATAL)"/)
      assert.notMatch(spawned.output(), /Closing session|Opening session/, "libsignal's session dumps never reach the output")
    })), 180_000)

  it.live("with WAGATE_WA_URL set it starts no simulator and joins that one", () =>
    Effect.scoped(Effect.gen(function*() {
      const sim = yield* Effect.acquireRelease(Effect.promise(() => startWaSim()), (s) => Effect.promise(() => s.close()))
      const port = yield* Effect.promise(freePort)
      const spawned = yield* sandbox({
        PORT: String(port),
        WAGATE_DATA_DIR: yield* tempDir,
        WAGATE_WA_URL: sim.url,
        WAGATE_WA_CERT_ROOT: sim.rootPublicKey
      })
      yield* Effect.promise(() => readyPort(spawned))
      assert.include(spawned.output(), `sandbox: joining the WhatsApp simulator at ${sim.url} (control API ${sim.controlUrl}`)
      assert.notInclude(spawned.output(), "the WhatsApp simulator listens on")

      const connected = yield* pairAndLink(port, "bob")
      const device = sim.control.devices().find((d) => `${d.phoneJid}` === (connected as { phoneJid?: string }).phoneJid)
      assert.strictEqual(device?.liveSockets, 1, "the session is linked in the simulator the test started")

      assert.strictEqual(yield* stop(spawned), 0, spawned.output())
      assert.isTrue(yield* listening(sim.port), "the joined simulator is not the sandbox's to stop")
    })), 180_000)
})
