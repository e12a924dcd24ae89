/**
 * The `_simulator` routes of the sandbox: the gateway on the real Baileys transport pointed at the protocol
 * simulator (in this process), each control driving the simulator's control API over HTTP. Reconnections take
 * real time (Baileys' sockets, the adapter's backoff), so statuses are polled with a deadline.
 */
import { assert, describe, layer } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { WaSimService } from "@wagate/wa-sim"
import { Duration, Effect, Layer, References, Schedule } from "effect"
import { api, expectError, expectJson, expectNoContent } from "../support/endpoints.ts"
import { raw, TestGateway, testOptions } from "../support/gateway.ts"

const SandboxGateway = Layer.unwrap(
  Effect.map(Effect.service(WaSimService), (sim) =>
    TestGateway({
      ...testOptions,
      transport: "baileys",
      whatsapp: { url: sim.url, certRoot: sim.rootPublicKey },
      simulatorControlUrl: sim.controlUrl
    }))
).pipe(
  Layer.provideMerge(WaSimService.layer()),
  // The access log and the adapter's start-up warning (a simulator's root) are expected: keep the output quiet.
  Layer.provide(Layer.succeed(References.MinimumLogLevel, "Error"))
)

const control = (session: string, action: string, json?: unknown) =>
  raw("POST", api(`/_simulator/sessions/${session}:${action}`), json === undefined ? {} : { json })

interface SessionView {
  readonly status: string
  readonly phoneJid: string | null
}

const sessionOf = (id: string) => Effect.map(raw("GET", api(`/sessions/${id}`)), (r) => expectJson(r, 200) as SessionView)

/** Polls the session until its status is `status` (20 s at most). */
const statusBecomes = (id: string, status: string) =>
  sessionOf(id).pipe(
    Effect.repeat({ schedule: Schedule.spaced("100 millis"), until: (session) => session.status === status }),
    Effect.timeoutOrElse({
      duration: Duration.seconds(20),
      orElse: () => Effect.flatMap(sessionOf(id), (s) => Effect.die(new Error(`session ${id} is ${s.status}, not ${status}`)))
    })
  )

/** A new session, linked by the simulated phone: `pairing`, then `connected`. */
const linkedSession = Effect.fn("linkedSession")(function*(id: string) {
  const created = expectJson(yield* raw("POST", api("/sessions"), { json: { id } }), 201) as SessionView
  assert.strictEqual(created.status, "pairing")
  expectNoContent(yield* control(id, "link", {}))
  return yield* statusBecomes(id, "connected")
})

describe("sandbox: _simulator controls drive the protocol simulator", () => {
  layer(SandboxGateway, { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect(":link pairs by QR with the phone derived from the session id; a second :link is 409 already_connected", () =>
      Effect.gen(function*() {
        const connected = yield* linkedSession("sbx-link")
        assert.strictEqual(connected.phoneJid, `${simulatedPhoneNumber("sbx-link")}@s.whatsapp.net`)
        const sim = yield* WaSimService
        const device = sim.control.devices().find((d) => d.phoneJid === connected.phoneJid)
        assert.strictEqual(device?.liveSockets, 1)
        const again = yield* expectError(yield* control("sbx-link", "link", {}), 409, "conflict")
        assert.deepStrictEqual(again.details, { reason: "already_connected" })
      }), { timeout: 60_000 })

    it.effect(":drop closes the socket once and the session reconnects by itself; :disconnect holds it off until :connect", () =>
      Effect.gen(function*() {
        const { phoneJid } = yield* linkedSession("sbx-drop")
        const sim = yield* WaSimService
        const before = sim.control.devices().find((d) => d.phoneJid === phoneJid)
        expectNoContent(yield* control("sbx-drop", "drop"))
        yield* statusBecomes("sbx-drop", "connected")
        expectNoContent(yield* control("sbx-drop", "disconnect"))
        assert.isTrue(sim.control.devices().find((d) => d.phoneJid === phoneJid)?.refused)
        const held = yield* sessionOf("sbx-drop")
        assert.notStrictEqual(held.status, "connected")
        expectNoContent(yield* control("sbx-drop", "connect"))
        yield* statusBecomes("sbx-drop", "connected")
        const after = sim.control.devices().find((d) => d.phoneJid === phoneJid)
        assert.strictEqual(after?.liveSockets, 1)
        assert.strictEqual(after?.conflicts, before?.conflicts, "no socket was replaced by another")
      }), { timeout: 60_000 })

    it.effect(":unlink logs the session out; controls on a session the simulator never linked are 409 simulator_refused", () =>
      Effect.gen(function*() {
        yield* linkedSession("sbx-unlink")
        expectNoContent(yield* control("sbx-unlink", "unlink"))
        yield* statusBecomes("sbx-unlink", "logged_out")

        expectJson(yield* raw("POST", api("/sessions"), { json: { id: "sbx-never" } }), 201)
        for (const action of ["drop", "disconnect", "connect", "unlink"]) {
          const refused = yield* expectError(yield* control("sbx-never", action), 409, "conflict", [], action)
          assert.deepStrictEqual(refused.details, { reason: "simulator_refused" })
          assert.include(refused.message, "has never been linked to the simulator")
        }
        yield* expectError(yield* control("nobody", "drop"), 404, "not_found")
      }), { timeout: 60_000 })
  })
})
