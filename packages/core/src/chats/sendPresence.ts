import { Effect, Schema } from "effect"
import { requireCapability } from "../access/capability.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { ChatPresence } from "../domain/ChatPresence.ts"
import { SessionId } from "../domain/Ids.ts"
import { RecipientInput } from "../domain/Jid.ts"
import type { Principal } from "../domain/Principal.ts"
import { withPath } from "../groups/inputs.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** The body of a presence update: what the account shows in the chat. */
export const PresenceBody = Schema.Struct({ state: ChatPresence }).annotate({
  description: "What the session's account shows in the chat."
})

// The chat is named as a send's recipient is: a user JID, a LID, a phone number or a group JID.
const decode = decodeInput(Schema.Struct({ ...PresenceBody.fields, sessionId: SessionId, jid: RecipientInput }))

/**
 * Shows the session's account typing or recording in a chat, or stops showing it. Nothing is stored and no
 * event is recorded: the state is fleeting, and WhatsApp keeps no trace of it either.
 */
export const sendPresence = Effect.fn("chats.sendPresence")(function*(principal: Principal, sessionId: string, jid: string, input: unknown) {
  const body = yield* decode(withPath(input, { sessionId, jid }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const whatsapp = yield* WhatsAppPort
  yield* whatsapp.sendPresence(live.session.id, body.jid, body.state)
})
