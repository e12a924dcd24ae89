import { Effect, Schema } from "effect"
import { requireCapability } from "../access/capability.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { ownedSession, ownerOf } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { SessionId } from "../domain/Ids.ts"
import { RecipientInput } from "../domain/Jid.ts"
import type { Principal } from "../domain/Principal.ts"
import { ChatStore } from "../ports/store/ChatStore.ts"

const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
// A chat is named as a send's recipient is: a user JID, a LID, a phone number or a group JID.
const decodeChat = decodeInput(Schema.Struct({ sessionId: SessionId, jid: RecipientInput }))

/** The session's chats from the store, the one with the newest message first. */
export const listChats = Effect.fn("chats.list")(function*(principal: Principal, sessionId: string, page?: PageInput) {
  const ref = yield* decodeSession({ sessionId })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const chats = yield* ChatStore
  return toPage(yield* chats.chats(ownerOf(session), query))
})

/** A chat's messages from the store, received and sent, newest first; a chat with no message is an empty list. */
export const chatHistory = Effect.fn("chats.history")(function*(principal: Principal, sessionId: string, jid: string, page?: PageInput) {
  const ref = yield* decodeChat({ sessionId, jid })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const chats = yield* ChatStore
  return toPage(yield* chats.history(ownerOf(session), ref.jid, query))
})
