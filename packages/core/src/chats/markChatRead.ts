import { Effect, Option, Schema } from "effect"
import { requireCapability } from "../access/capability.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput, invalid } from "../access/validate.ts"
import { SessionId, WaMessageId } from "../domain/Ids.ts"
import { RecipientInput } from "../domain/Jid.ts"
import type { Principal } from "../domain/Principal.ts"
import { withPath } from "../groups/inputs.ts"
import { ChatStore } from "../ports/store/ChatStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** `POST …/chats/{jid}:read` body: how far to mark. */
export const MarkReadBody = Schema.Struct({
  upTo: Schema.optionalKey(
    WaMessageId.annotate({ description: "The newest received message to mark read (with every older one); every received message when omitted." })
  )
}).annotate({ description: "Which received messages of the chat to mark read." })

const decode = decodeInput(Schema.Struct({ ...MarkReadBody.fields, sessionId: SessionId, jid: RecipientInput }))

/**
 * Marks the chat's received messages read, up to `upTo`: WhatsApp gets read receipts for those not read yet (the
 * senders see blue ticks), then the store marks them `read` and the chat's unread count drops. Messages already
 * read send nothing; with none left, WhatsApp is not called.
 */
export const markChatRead = Effect.fn("chats.markRead")(function*(principal: Principal, sessionId: string, jid: string, input: unknown) {
  const body = yield* decode(withPath(input ?? {}, { sessionId, jid }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const chats = yield* ChatStore
  const upTo = body.upTo ?? null
  if (upTo !== null) {
    const target = yield* chats.find(live.session.id, upTo)
    if (Option.isNone(target) || target.value.chatJid !== body.jid) return yield* invalid("upTo", "is not a stored message of this chat")
  }
  const unread = yield* chats.unread(live.owner, body.jid, upTo)
  if (unread.length === 0) return
  yield* (yield* WhatsAppPort).markRead(live.session.id, body.jid, unread.map((m) => ({ waMessageId: m.waMessageId, sender: m.from.jid })))
  yield* chats.markRead(live.owner, body.jid, upTo)
})
