import { Effect, Option } from "effect"
import { type ChatMessage, newChatMessage } from "../domain/ChatMessage.ts"
import type { WaMessageId } from "../domain/Ids.ts"
import type { Session } from "../domain/Session.ts"
import { ChatStore } from "../ports/store/ChatStore.ts"
import { MessageStore, type StoredMessage } from "../ports/store/MessageStore.ts"
import { messageBodyOf } from "./messageBody.ts"

/** A message the session sent through wagate, as its chat will store it once WhatsApp's echo is applied. */
const asChatMessage = (session: Session, sent: StoredMessage): Option.Option<ChatMessage> => {
  const request = sent.request
  if (sent.waMessageId === null || sent.status === "failed") return Option.none()
  if (request.type === "reaction" || request.type === "edit" || request.type === "delete") return Option.none()
  const own = session.phoneJid
  if (own === null) return Option.none()
  return Option.some({
    ...newChatMessage({
      id: sent.id,
      sessionId: sent.sessionId,
      chatJid: sent.to,
      direction: "out",
      from: { jid: own, phoneJid: own, lid: session.lid },
      waMessageId: sent.waMessageId,
      body: messageBodyOf(request),
      replyTo: request.replyTo ?? null,
      mentions: [],
      timestamp: sent.createdAt
    }),
    status: sent.status === "queued" ? "sent" : sent.status
  })
}

/**
 * The message a send refers to: as its chat stored it, or (a send of the session's own whose echo is not stored
 * yet, or still queued ahead in the same session's order) as the outbox holds it.
 */
export const findReferred = Effect.fn("messages.findReferred")(function*(session: Session, waMessageId: WaMessageId) {
  const stored = yield* (yield* ChatStore).find(session.id, waMessageId)
  if (Option.isSome(stored)) return stored
  const sent = yield* (yield* MessageStore).findByWaId(session.id, waMessageId)
  return Option.flatMap(sent, (message) => asChatMessage(session, message))
})
