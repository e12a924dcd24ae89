import { Conflict, type SessionId, WhatsAppFailure, WhatsAppPort } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"
import { SimulatorControls, SimulatorRefused } from "./SimulatorControls.ts"

/** How long a control call to the simulator may take (a scan waits for the client to sign its identity). */
const CALL_TIMEOUT = Duration.seconds(30)

interface WaSimErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string }
}

const isErrorBody = (value: unknown): value is WaSimErrorBody => typeof value === "object" && value !== null

/**
 * The controls of the protocol simulator (`packages/wa-sim`), over its HTTP control API at `controlUrl`
 * (`http://host:port/control`, on the port of the socket the gateway's Baileys connects to). The simulator's
 * 404 and 409 (no such account: the session was never linked; a QR it cannot read) are the simulator refusing
 * the control (409 here); anything else it answers, or its silence, is a failure of the simulated WhatsApp (502).
 */
export const waSimControls = (controlUrl: string): Layer.Layer<SimulatorControls, never, WhatsAppPort> =>
  Layer.effect(
    SimulatorControls,
    Effect.gen(function*() {
      const whatsapp = yield* WhatsAppPort
      const base = controlUrl.endsWith("/") ? controlUrl : `${controlUrl}/`

      const call = Effect.fn("WaSimControls.call")(function*(operation: string, body: Record<string, string>) {
        const response = yield* Effect.tryPromise({
          try: (signal) =>
            fetch(new URL(operation, base), {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(body),
              signal
            }),
          catch: () => new WhatsAppFailure({ message: `the simulator at ${base} does not answer` })
        }).pipe(
          Effect.timeoutOrElse({
            duration: CALL_TIMEOUT,
            orElse: () => Effect.fail(new WhatsAppFailure({ message: `the simulator at ${base} did not answer in time` }))
          })
        )
        if (response.ok) return
        const answer: unknown = yield* Effect.promise(() => response.json().catch(() => undefined))
        const said = isErrorBody(answer) ? answer.error?.message : undefined
        const message = `the simulator refused ${operation}: ${said ?? `HTTP ${response.status}`}`
        if (response.status === 404 || response.status === 409) return yield* new SimulatorRefused({ message })
        return yield* new WhatsAppFailure({ message })
      })

      /**
       * A control on the session's account: named by its phone JID once linked (it may have been linked as a phone
       * of the caller's choice), else by the session id. The simulator knows the account only once it has been
       * linked: say so rather than "no account".
       */
      const onLinked = Effect.fn("WaSimControls.onLinked")(function*(sessionId: SessionId, operation: string) {
        const { phoneJid } = yield* whatsapp.connection(sessionId)
        yield* call(operation, phoneJid === null ? { sessionId } : { jid: phoneJid }).pipe(
          Effect.mapError((error) =>
            error._tag === "SimulatorRefused"
              ? new SimulatorRefused({
                message: `session ${sessionId} has never been linked to the simulator (POST …:link first); ${error.message}`
              })
              : error
          )
        )
      })

      return SimulatorControls.of({
        link: Effect.fn("WaSimControls.link")(function*(sessionId, phone) {
          const connection = yield* whatsapp.connection(sessionId)
          if (connection.status === "connected") {
            return yield* new Conflict({ reason: "already_connected", message: `session ${sessionId} is already connected` })
          }
          const { qr } = yield* whatsapp.requestQr(sessionId)
          yield* call("scan", phone === undefined ? { qr, sessionId } : { qr, phone })
        }),
        disconnect: (sessionId) => onLinked(sessionId, "refuse"),
        connect: (sessionId) => onLinked(sessionId, "accept"),
        drop: (sessionId) => onLinked(sessionId, "drop"),
        unlink: (sessionId) => onLinked(sessionId, "unlink")
      })
    })
  )
