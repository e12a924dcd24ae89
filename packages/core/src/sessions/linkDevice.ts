import { Effect, Schema } from "effect"
import { Conflict } from "../domain/errors.ts"
import { SessionId } from "../domain/Ids.ts"
import { PhoneJidInput } from "../domain/Jid.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { SessionRef } from "./inputs.ts"

const decodeRef = decodeInput(SessionRef)
/** `POST /sessions/{session}/pairing-code` body: the phone number to link. */
export const PairingCodeBody = Schema.Struct({
  phone: PhoneJidInput.pipe(Schema.annotateEncoded({ description: "The phone number of the WhatsApp account to link (or its JID)." }))
}).annotate({ description: "The phone to link by code." })
const decodePairing = decodeInput(Schema.Struct({ ...PairingCodeBody.fields, sessionId: SessionId }))

const requireNotConnected = Effect.fn("sessions.requireNotConnected")(function*(sessionId: SessionId) {
  const whatsapp = yield* WhatsAppPort
  const connection = yield* whatsapp.connection(sessionId)
  if (connection.status === "connected") {
    return yield* new Conflict({ reason: "already_connected", message: `session ${sessionId} is already connected` })
  }
})

/** A QR code to link a phone to the session; a connected session has nothing to link (conflict). */
export const sessionQr = Effect.fn("sessions.qr")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeRef({ sessionId })
  yield* requireCapability(principal, "manage")
  yield* ownedSession(principal, ref.sessionId)
  yield* requireNotConnected(ref.sessionId)
  const whatsapp = yield* WhatsAppPort
  return yield* whatsapp.requestQr(ref.sessionId)
})

/** A code to type on the phone instead of scanning a QR code. */
export const requestPairingCode = Effect.fn("sessions.pairingCode")(function*(
  principal: Principal,
  sessionId: string,
  input: unknown
) {
  const body = yield* decodePairing({ ...(typeof input === "object" && input !== null ? input : {}), sessionId })
  yield* requireCapability(principal, "manage")
  yield* ownedSession(principal, body.sessionId)
  yield* requireNotConnected(body.sessionId)
  const whatsapp = yield* WhatsAppPort
  const code = yield* whatsapp.requestPairingCode(body.sessionId, body.phone)
  return { code }
})
