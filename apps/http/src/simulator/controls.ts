/**
 * The `_simulator` controls as use-cases: validate → `manage` → one of the caller's sessions → the control, in
 * whichever simulated world `SimulatorControls` plays.
 */
import {
  decodeInput,
  GroupJidInput,
  invalid,
  ownedSession,
  PhoneJidInput,
  type Principal,
  requireCapability,
  SessionId,
  SimulatedMessage,
  UserJidInput,
  WaMessageId
} from "@wagate/core"
import { Effect, Schema } from "effect"
import { SimulatorControls } from "./SimulatorControls.ts"

/** `POST …:link` body: the phone that scans, when not the one derived from the session id. */
export const LinkBody = Schema.Struct({
  phone: Schema.optional(
    UserJidInput.pipe(Schema.annotateEncoded({ description: "The scanning phone's number or phone JID; the number derived from the session id when omitted." }))
  )
}).annotate({ description: "Which phone scans the QR code." })

const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
const decodeLink = decodeInput(Schema.Struct({ ...LinkBody.fields, sessionId: SessionId }))

const callersSession = Effect.fn("simulator.callersSession")(function*(principal: Principal, sessionId: SessionId) {
  yield* requireCapability(principal, "manage")
  return yield* ownedSession(principal, sessionId)
})

/** The simulated phone scans the session's current QR code (a no-op in the in-process world). */
export const linkSession = Effect.fn("simulator.link")(function*(principal: Principal, sessionId: string, input: unknown) {
  const body = yield* decodeLink({ ...(typeof input === "object" && input !== null ? input : {}), sessionId })
  if (body.phone !== undefined && body.phone.endsWith("@lid")) {
    return yield* invalid("phone", "must be a phone number or phone JID: a phone scans, not a LID")
  }
  const session = yield* callersSession(principal, body.sessionId)
  const controls = yield* SimulatorControls
  yield* controls.link(session.id, body.phone)
})

const simple = (action: "disconnect" | "connect" | "drop") =>
  Effect.fn(`simulator.${action}`)(function*(principal: Principal, sessionId: string) {
    const ref = yield* decodeSession({ sessionId })
    const session = yield* callersSession(principal, ref.sessionId)
    const controls = yield* SimulatorControls
    yield* controls[action](session.id)
  })

/** The network refuses the session until `:connect`. */
export const disconnectSession = simple("disconnect")
/** The network accepts the session again. */
export const connectSession = simple("connect")
/** The server closes the session's socket once. */
export const dropSession = simple("drop")

/** The phone unlinks the device: `logged_out`, credentials wiped. */
export const unlinkSession = Effect.fn("simulator.unlink")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeSession({ sessionId })
  const session = yield* callersSession(principal, ref.sessionId)
  const controls = yield* SimulatorControls
  yield* controls.unlink(session.id)
})

/** `POST …:receive` body: who sends the session what, and where. */
export const ReceiveBody = Schema.Struct({
  from: PhoneJidInput.pipe(Schema.annotateEncoded({ description: "The sending user: a phone number or phone JID." })),
  chatJid: Schema.optionalKey(
    GroupJidInput.pipe(Schema.annotateEncoded({ description: "A group both the user and the session's account are in; a direct chat when omitted." }))
  ),
  message: SimulatedMessage
}).annotate({ description: "A message a virtual user sends the session." })

/** `POST …:receive` answer. */
export const Received = Schema.Struct({
  waMessageId: WaMessageId.annotate({ description: "The WhatsApp id of the message the user sent." })
}).annotate({ identifier: "SimulatorReceived", description: "The message the user sent." })

const decodeReceive = decodeInput(Schema.Struct({ ...ReceiveBody.fields, sessionId: SessionId }))

/** A virtual user sends the session a message (a text, poll, location, contact, reaction, edit or deletion). */
export const receiveMessage = Effect.fn("simulator.receive")(function*(principal: Principal, sessionId: string, input: unknown) {
  const body = yield* decodeReceive({ ...(typeof input === "object" && input !== null ? input : {}), sessionId })
  const session = yield* callersSession(principal, body.sessionId)
  const controls = yield* SimulatorControls
  const waMessageId = yield* controls.receive(session.id, body.from, body.chatJid ?? null, body.message)
  return { waMessageId }
})
