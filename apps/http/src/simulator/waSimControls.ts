import {
  Conflict,
  type GroupJid,
  NotImplemented,
  type PhoneJid,
  type SessionId,
  type SimulatedMessage,
  vcardOf,
  WaMessageId,
  WhatsAppFailure,
  WhatsAppPort
} from "@wagate/core"
import { Duration, Effect, Layer, Schema } from "effect"
import { SimulatorControls, SimulatorRefused } from "./SimulatorControls.ts"

/** How long a control call to the simulator may take (a scan waits for the client to sign its identity). */
const CALL_TIMEOUT = Duration.seconds(30)

interface WaSimErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string }
}

const isErrorBody = (value: unknown): value is WaSimErrorBody => typeof value === "object" && value !== null

const decodeSent = Schema.decodeUnknownOption(Schema.Struct({ id: WaMessageId }))

/** What a phone sends, as the simulator's `POST /control/send` takes it (`content`). */
const waSimContent = (message: SimulatedMessage): Effect.Effect<Record<string, unknown>, NotImplemented> => {
  switch (message.type) {
    case "text":
      return Effect.succeed({
        text: message.text,
        ...(message.mentions === undefined ? {} : { mentions: message.mentions }),
        ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo })
      })
    case "poll":
      return Effect.succeed({ poll: { name: message.name, options: message.options, selectableCount: message.selectableCount ?? 1 } })
    case "location":
      return Effect.succeed({ location: message })
    case "contact": {
      const [card, ...rest] = message.contacts
      if (card === undefined || rest.length > 0) {
        return Effect.fail(new NotImplemented({ message: "the sandbox's simulator sends one contact at a time; the in-process simulator sends several" }))
      }
      return Effect.succeed({ contact: { displayName: card.name, vcard: vcardOf(card) } })
    }
    case "reaction":
      return Effect.succeed({ reaction: { messageId: message.targetWaMessageId, text: message.emoji } })
    case "edit":
      return Effect.succeed({ edit: { messageId: message.targetWaMessageId, text: message.text } })
    case "delete":
      return Effect.succeed({ delete: { messageId: message.targetWaMessageId } })
    case "vote":
      return Effect.succeed({ vote: { pollMessageId: message.pollWaMessageId, selected: message.selected } })
  }
}

/**
 * The controls of the protocol simulator (`packages/wa-sim`), over its HTTP control API at `controlUrl`
 * (`http://host:port/control`, on the port of the socket the gateway's Baileys connects to). The simulator's
 * 400, 404 and 409 (a message that names nothing it knows; no such account: the session was never linked; a QR
 * it cannot read) are the simulator refusing the control (409 here); anything else it answers, or its silence, is a failure of the simulated WhatsApp (502).
 */
export const waSimControls = (controlUrl: string): Layer.Layer<SimulatorControls, never, WhatsAppPort> =>
  Layer.effect(
    SimulatorControls,
    Effect.gen(function*() {
      const whatsapp = yield* WhatsAppPort
      const base = controlUrl.endsWith("/") ? controlUrl : `${controlUrl}/`

      const call = Effect.fn("WaSimControls.call")(function*(operation: string, body: Record<string, unknown>) {
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
        const answer: unknown = yield* Effect.promise(() => response.json().catch(() => undefined))
        if (response.ok) return answer
        const said = isErrorBody(answer) ? answer.error?.message : undefined
        const message = `the simulator refused ${operation}: ${said ?? `HTTP ${response.status}`}`
        if (response.status === 400 || response.status === 404 || response.status === 409) return yield* new SimulatorRefused({ message })
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
        unlink: (sessionId) => onLinked(sessionId, "unlink"),
        receive: Effect.fn("WaSimControls.receive")(function*(sessionId: SessionId, from: PhoneJid, chatJid: GroupJid | null, message: SimulatedMessage) {
          const content = yield* waSimContent(message)
          const { phoneJid } = yield* whatsapp.connection(sessionId)
          const where = chatJid !== null ? { group: chatJid } : phoneJid !== null ? { to: phoneJid } : { toSessionId: sessionId }
          const answer = yield* call("send", { from, ...where, content })
          const sent = decodeSent(answer)
          if (sent._tag === "None") return yield* new WhatsAppFailure({ message: "the simulator answered send without a message id" })
          return sent.value.id
        })
      })
    })
  )
