/**
 * The sandbox in this process: the gateway on the real Baileys transport pointed at the protocol simulator
 * (`WaSimService`, started for the layer), with the `_simulator` routes driving it, and the helpers the sandbox
 * tests share. Connections take real time (Baileys' sockets, the adapter's backoff), so states are polled with a
 * deadline, never waited for with a fixed sleep.
 */
import { assert } from "@effect/vitest"
import { WaSimService } from "@wagate/wa-sim"
import { Duration, Effect, Layer, References, Schedule } from "effect"
import { api, expectJson, expectNoContent } from "./endpoints.ts"
import { raw, TestGateway, testOptions } from "./gateway.ts"

/** The gateway on Baileys against a simulator of its own, and the simulator as a service for the test to read. */
export const SandboxGateway = Layer.unwrap(
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

/** A `_simulator` control on a session. */
export const control = (session: string, action: string, json?: unknown) =>
  raw("POST", api(`/_simulator/sessions/${session}:${action}`), json === undefined ? {} : { json })

export interface SessionView {
  readonly id: string
  readonly status: string
  readonly phoneJid: string | null
  readonly lid: string | null
}

export const sessionOf = (id: string) => Effect.map(raw("GET", api(`/sessions/${id}`)), (r) => expectJson(r, 200) as SessionView)

/**
 * Reads `read` every 100 ms until `done` holds; dies with `describe(last)` after `seconds`. For states that change
 * on their own (a reconnection, a receipt, a notification reaching the store).
 */
export const pollUntil = <A, E, R>(read: Effect.Effect<A, E, R>, done: (a: A) => boolean, describe: (a: A) => string, seconds = 20) =>
  read.pipe(
    Effect.repeat({ schedule: Schedule.spaced("100 millis"), until: done }),
    Effect.timeoutOrElse({
      duration: Duration.seconds(seconds),
      orElse: () => Effect.flatMap(read, (last) => Effect.die(new Error(`not within ${seconds} s: ${describe(last)}`)))
    })
  )

/** Polls the session until its status is `status` (20 s at most). */
export const statusBecomes = (id: string, status: string) =>
  pollUntil(sessionOf(id), (s) => s.status === status, (s) => `session ${id} is ${s.status}, not ${status}`)

/** A new session paired by QR: `pairing` with a QR, the simulated phone scans it (`:link`), then `connected`. */
export const linkedSession = Effect.fn("linkedSession")(function*(id: string) {
  const created = expectJson(yield* raw("POST", api("/sessions"), { json: { id } }), 201) as SessionView
  assert.strictEqual(created.status, "pairing")
  const qr = expectJson(yield* raw("GET", api(`/sessions/${id}/qr`)), 200) as { qr: string; expiresAt: string }
  assert.match(qr.qr, /^https:\/\/wa\.me\/settings\/linked_devices#/)
  expectNoContent(yield* control(id, "link", {}))
  return yield* statusBecomes(id, "connected")
})
