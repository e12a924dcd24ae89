/**
 * The `_simulator` routes of the sandbox: the gateway on the real Baileys transport pointed at the protocol
 * simulator (in this process), each control driving the simulator's control API over HTTP. Reconnections take
 * real time (Baileys' sockets, the adapter's backoff), so statuses are polled with a deadline.
 */
import { assert, describe, layer } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { WaSimService } from "@wagate/wa-sim"
import { Effect } from "effect"
import { api, expectError, expectJson, expectNoContent } from "../support/endpoints.ts"
import { raw } from "../support/gateway.ts"
import { control, linkedSession, SandboxGateway, sessionOf, statusBecomes } from "../support/sandbox.ts"

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
