import { Effect, Option } from "effect"
import { type ChatMessage, type MessageBody, type MessageSender, newChatMessage, type PollVote } from "../domain/ChatMessage.ts"
import type { EventPayload } from "../domain/Event.ts"
import { MessageId, type Timestamp, type WaMessageId } from "../domain/Ids.ts"
import type { IncomingMessage, MessageRevision } from "../domain/InboundChange.ts"
import type { MessageStatus } from "../domain/SendResult.ts"
import { isGroupJid } from "../domain/Jid.ts"
import { type ParticipantRef, refTwins } from "../domain/Member.ts"
import type { Session, SessionOwner } from "../domain/Session.ts"
import { ownerOf } from "../access/session.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { ChatStore } from "../ports/store/ChatStore.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"

const none = Option.none<EventPayload>()

/**
 * The sender of a message as stored: the session's own account for its own messages; otherwise the address
 * WhatsApp gave with the twins it gave, completed from the group's stored member when one is missing (a sender
 * known only by LID in a LID-addressed group gets its phone JID when the session knows it).
 */
const senderOf = Effect.fn("inbound.senderOf")(function*(owner: SessionOwner, session: Session, chatJid: string, fromMe: boolean, from: ParticipantRef) {
  if (fromMe && session.phoneJid !== null) {
    const own: MessageSender = { jid: from.jid, phoneJid: session.phoneJid, lid: session.lid }
    return own
  }
  const given = refTwins(from)
  // A sender named with both twins teaches nothing here: the transport reports new phone ↔ LID pairs by
  // themselves (`LidMappingLearned`), and writing the pair again on every message would cost each one a write.
  if ((given.phoneJid === null || given.lid === null) && isGroupJid(chatJid)) {
    const member = yield* (yield* GroupStore).member(owner, chatJid, from.jid)
    if (Option.isSome(member)) {
      const sender: MessageSender = {
        jid: from.jid,
        phoneJid: given.phoneJid ?? member.value.phoneJid,
        lid: given.lid ?? member.value.lid
      }
      return sender
    }
  }
  const sender: MessageSender = { jid: from.jid, phoneJid: given.phoneJid, lid: given.lid }
  return sender
})

/** Whether `who` sent `message` (by one of the forms known for either). */
const isSenderOf = (message: ChatMessage, who: MessageSender): boolean => {
  const theirs = [message.from.jid, message.from.phoneJid, message.from.lid].filter((jid) => jid !== null)
  return [who.jid, who.phoneJid, who.lid].some((jid) => jid !== null && theirs.includes(jid))
}

const received = (message: ChatMessage): Option.Option<EventPayload> =>
  Option.some({ type: "message.received", sessionId: message.sessionId, data: message })

const updated = (message: ChatMessage): Option.Option<EventPayload> =>
  Option.some({ type: "message.updated", sessionId: message.sessionId, data: message })

/**
 * Stores a message the session received or its account sent, once by WhatsApp id, and tells it as
 * `message.received`. The echo of a send made through wagate is stored for the chat's history and told by the
 * send's `message.status` events only. A reaction is applied to the message it is about (`message.updated`); one
 * about a message the session does not have is stored as a message of its own.
 */
export const storeIncoming = Effect.fn("inbound.storeIncoming")(function*(session: Session, incoming: IncomingMessage) {
  const owner = ownerOf(session)
  const chats = yield* ChatStore
  const from = yield* senderOf(owner, session, incoming.chatJid, incoming.fromMe, incoming.from)
  if (incoming.body.type === "reaction") {
    // A redelivered reaction is applied again, to the same effect: one reaction per user.
    const target = yield* chats.find(session.id, incoming.body.content.targetWaMessageId)
    if (Option.isSome(target)) return yield* react(target.value, from, incoming.body.content.emoji)
  }
  const message = newChatMessage({
    id: MessageId.make(yield* (yield* IdGenerator).next),
    sessionId: session.id,
    chatJid: incoming.chatJid,
    direction: incoming.fromMe ? "out" : "in",
    from,
    waMessageId: incoming.waMessageId,
    body: incoming.body,
    replyTo: incoming.replyTo,
    mentions: incoming.mentions,
    timestamp: incoming.timestamp
  })
  // A redelivery (or a history sync) of a stored message is not stored again, nor told.
  const stored = yield* chats.insert(owner, message)
  return stored && !incoming.echo ? received(message) : none
})

/**
 * One reaction per user: a new one replaces theirs, an empty one removes it. One that changes nothing (a
 * redelivery) is not told again.
 */
const react = Effect.fn("inbound.react")(function*(target: ChatMessage, from: MessageSender, emoji: string) {
  const forms: ReadonlyArray<string | null> = [from.jid, from.phoneJid, from.lid]
  const others = target.reactions.filter((reaction) => !forms.includes(reaction.from))
  const current = target.reactions.find((reaction) => forms.includes(reaction.from))
  if ((current === undefined && emoji === "") || current?.emoji === emoji) return none
  const reactions = emoji === "" ? others : [...others, { from: from.phoneJid ?? from.jid, emoji }]
  const next: ChatMessage = { ...target, reactions }
  yield* (yield* ChatStore).replace(next)
  return updated(next)
})

/**
 * The sender's edit of an earlier message. Only its sender may edit a message (WhatsApp enforces it; an edit by
 * anyone else is ignored). An edit of a message the session does not have is stored in its place, so the
 * original, should it arrive later, is recognised as already stored.
 */
export const storeEdit = Effect.fn("inbound.storeEdit")(function*(session: Session, revision: MessageRevision, body: MessageBody) {
  return yield* revise(session, revision, "edit", (message) => ({ ...message, ...body, edited: true }), body)
})

/** A deletion for everyone: the message stays stored, flagged `deleted`. */
export const storeDeletion = Effect.fn("inbound.storeDeletion")(function*(session: Session, revision: MessageRevision) {
  return yield* revise(session, revision, "delete", (message) => ({ ...message, deleted: true }), {
    type: "unsupported",
    content: { waType: "revoked" }
  })
})

const revise = Effect.fn("inbound.revise")(function*(
  session: Session,
  revision: MessageRevision,
  kind: "edit" | "delete",
  change: (message: ChatMessage) => ChatMessage,
  placeholder: MessageBody
) {
  const owner = ownerOf(session)
  const chats = yield* ChatStore
  const from = yield* senderOf(owner, session, revision.chatJid, revision.fromMe, revision.from)
  const target = yield* chats.find(session.id, revision.targetWaMessageId)
  if (Option.isSome(target)) {
    // A deletion in a group may come from an admin; an edit only from the sender.
    const allowed = isSenderOf(target.value, from) || (kind === "delete" && isGroupJid(revision.chatJid))
    if (!allowed) return none
    const next = change(target.value)
    yield* chats.replace(next)
    return updated(next)
  }
  const stand = change(newChatMessage({
    id: MessageId.make(yield* (yield* IdGenerator).next),
    sessionId: session.id,
    chatJid: revision.chatJid,
    direction: revision.fromMe ? "out" : "in",
    from,
    waMessageId: revision.targetWaMessageId,
    body: placeholder,
    replyTo: null,
    mentions: [],
    timestamp: revision.timestamp
  }))
  const stored = yield* chats.insert(owner, stand)
  return stored ? received(stand) : none
})

/**
 * A vote on one of the session's polls: the voter's current choice replaces an earlier one (unless the stored one
 * is newer: votes may be applied out of order), only the poll's own options count, and it is told as `poll.vote`.
 * A vote on a poll the session does not have is dropped (the transport could only decrypt it with the poll).
 */
export const storeVote = Effect.fn("inbound.storeVote")(function*(
  session: Session,
  pollWaMessageId: WaMessageId,
  voter: ParticipantRef,
  selected: ReadonlyArray<string>,
  at: Timestamp
) {
  const chats = yield* ChatStore
  const poll = yield* chats.find(session.id, pollWaMessageId)
  if (Option.isNone(poll) || poll.value.type !== "poll") {
    yield* Effect.logDebug("vote on an unknown poll dropped", { sessionId: session.id, pollWaMessageId })
    return none
  }
  const from = yield* senderOf(ownerOf(session), session, poll.value.chatJid, false, voter)
  const forms: ReadonlyArray<string | null> = [from.jid, from.phoneJid, from.lid]
  const votes = poll.value.votes ?? []
  const earlier = votes.find((vote) => forms.includes(vote.voter))
  if (earlier !== undefined && Date.parse(earlier.at) > Date.parse(at)) return none
  const options = poll.value.content.options
  const chosen = selected.filter((option) => options.includes(option))
  const vote: PollVote = { voter: from.phoneJid ?? from.jid, selected: chosen, at }
  yield* chats.replace({ ...poll.value, votes: [...votes.filter((v) => v !== earlier), vote] })
  return Option.some<EventPayload>({
    type: "poll.vote",
    sessionId: session.id,
    data: { pollWaMessageId, voter: from, selected: chosen }
  })
})

const outRank: Record<string, number> = { sent: 1, delivered: 2, read: 3 }

/**
 * A receipt for a message the account sent moves its stored chat copy forward too (`sent` → `delivered` →
 * `read`, never back); the receipt's `message.status` event tells it, so nothing more is told.
 */
export const storeReceipt = Effect.fn("inbound.storeReceipt")(function*(session: Session, waMessageId: WaMessageId, status: MessageStatus) {
  const chats = yield* ChatStore
  const stored = yield* chats.find(session.id, waMessageId)
  if (Option.isNone(stored) || stored.value.direction !== "out") return
  if ((outRank[status] ?? 0) <= (outRank[stored.value.status] ?? 0)) return
  if (status === "delivered" || status === "read") yield* chats.replace({ ...stored.value, status })
})
