import {
  type ChatPresence,
  type GroupJid,
  InboundChange,
  type MessageBody,
  type Timestamp,
  type IncomingMessage,
  messageBodyOf,
  type MessageRevision,
  NotGroupMember,
  now,
  type ParticipantRef,
  type ReadMessage,
  type PhoneJid,
  SessionNotConnected,
  type SimulatedMessage,
  WaMessageId,
  isGroupJid,
  type MessageStatus,
  NotGroupAdmin,
  NotOnWhatsApp,
  type OutboundMessage,
  type Recipient,
  type SentMessage,
  type SessionId,
  type UserJid,
  WhatsAppFailure
} from "@wagate/core"
import { Effect } from "effect"
import { connected, findGroup, memberGroup } from "./guards.ts"
import { lidOf, refIn } from "./lids.ts"
import { isUnknownNumber } from "./phone.ts"
import { memberOf, step, type World } from "./World.ts"

/**
 * Sends to a user (who must be on WhatsApp) or to a group the account is in (an announcement-only group needs
 * an admin). No receipt follows on its own: `Simulator.receipt` pushes them.
 */
export const send = Effect.fn("Simulator.send")(function*(world: World, sessionId: SessionId, message: OutboundMessage) {
  const actor = yield* connected(world, sessionId)
  const to = message.to
  if (isGroupJid(to)) {
    const group = yield* memberGroup(world, actor, to)
    if (group.kind === "community") return yield* new WhatsAppFailure({ message: `cannot send to community ${to}` })
    const role = memberOf(group, actor.phoneJid)?.role
    if (group.settings.isAnnounce && role === "member") return yield* new NotGroupAdmin({ groupJid: to })
  } else if (isUnknownNumber(to)) {
    return yield* new NotOnWhatsApp({ jid: to })
  }
  // WhatsApp takes the id the sender chose (the core mints it before the first attempt).
  const sent: SentMessage = { waMessageId: message.waMessageId }
  // As on WhatsApp, the account's devices see what it sent: the session gets its own message back.
  return step(world, sent, [echoOf(sessionId, actor.phoneJid, message, yield* now)])
})

/** The session's own send as its devices see it: a message of the chat, or its act on an earlier one. */
const echoOf = (sessionId: SessionId, account: PhoneJid, message: OutboundMessage, timestamp: Timestamp): InboundChange => {
  const from: ParticipantRef = { jid: account, phoneJid: account, lid: lidOf(account) }
  if (message.type === "edit" || message.type === "delete") {
    const revision: MessageRevision = { chatJid: message.to, fromMe: true, from, targetWaMessageId: message.targetWaMessageId, timestamp }
    return message.type === "edit"
      ? InboundChange.MessageEdited({ sessionId, revision, body: messageBodyOf({ type: "text", text: message.text }) })
      : InboundChange.MessageDeleted({ sessionId, revision })
  }
  const body: MessageBody = message.type === "reaction"
    ? { type: "reaction", content: { emoji: message.emoji, targetWaMessageId: message.targetWaMessageId } }
    : messageBodyOf(message)
  const echo: IncomingMessage = {
    chatJid: message.to,
    fromMe: true,
    echo: true,
    from,
    waMessageId: message.waMessageId,
    timestamp,
    body,
    replyTo: message.type === "reaction" ? null : message.replyTo ?? null,
    mentions: message.type === "text" ? message.mentions ?? [] : []
  }
  return InboundChange.MessageReceived({ sessionId, message: echo })
}

/**
 * A virtual user (`from`, an account on WhatsApp, whichever) sends the session's account a message: directly, or in a group
 * both are in (`chatJid`). WhatsApp holds it while the session is offline and hands it over when it connects;
 * a session never linked has no account to send to. Answers the message's WhatsApp id.
 */
export const receive = Effect.fn("Simulator.receive")(function*(
  world: World,
  sessionId: SessionId,
  from: PhoneJid,
  chatJid: GroupJid | null,
  message: SimulatedMessage
) {
  const session = world.sessions.get(sessionId)
  if (session === undefined || session.phoneJid === null) {
    return yield* new SessionNotConnected({ sessionId, status: session?.status ?? "disconnected", reason: "the session has never been linked" })
  }
  if (isUnknownNumber(from)) return yield* new NotOnWhatsApp({ jid: from })
  let chat: Recipient = from
  let sender: ParticipantRef = { jid: from, phoneJid: from, lid: lidOf(from) }
  if (chatJid !== null) {
    const group = yield* findGroup(world, chatJid)
    if (memberOf(group, from) === undefined || memberOf(group, session.phoneJid) === undefined) {
      return yield* new NotGroupMember({ groupJid: chatJid })
    }
    chat = chatJid
    sender = { ...refIn(group.addressing, from), phoneJid: from, lid: lidOf(from) }
  }
  const messageSeq = world.messageSeq + 1
  const waMessageId = WaMessageId.make(`SIM${messageSeq.toString(16).toUpperCase().padStart(17, "0")}`)
  const timestamp = yield* now
  const revision: MessageRevision = {
    chatJid: chat,
    fromMe: false,
    from: sender,
    targetWaMessageId: "targetWaMessageId" in message ? message.targetWaMessageId : "pollWaMessageId" in message ? message.pollWaMessageId : waMessageId,
    timestamp
  }
  const incoming = (body: IncomingMessage["body"], replyTo: WaMessageId | null = null, mentions: ReadonlyArray<UserJid> = []) =>
    InboundChange.MessageReceived({ sessionId, message: { chatJid: chat, fromMe: false, echo: false, from: sender, waMessageId, timestamp, body, replyTo, mentions } })
  const change = message.type === "vote"
    ? InboundChange.PollVoted({ sessionId, pollWaMessageId: message.pollWaMessageId, voter: sender, selected: message.selected, timestamp })
    : message.type === "edit"
    ? InboundChange.MessageEdited({ sessionId, revision, body: messageBodyOf({ type: "text", text: message.text }) })
    : message.type === "delete"
    ? InboundChange.MessageDeleted({ sessionId, revision })
    : message.type === "reaction"
    ? incoming({ type: "reaction", content: { emoji: message.emoji, targetWaMessageId: message.targetWaMessageId } })
    : message.type === "text"
    ? incoming(messageBodyOf(message), message.replyTo ?? null, message.mentions ?? [])
    : incoming(messageBodyOf(message))
  return step({ ...world, messageSeq }, waMessageId, [change])
})

/** A receipt for a message the session sent, as WhatsApp would push it. */
export const receipt = (world: World, sessionId: SessionId, waMessageId: WaMessageId, status: MessageStatus) =>
  step(world, undefined, [InboundChange.MessageStatusChanged({ sessionId, waMessageId, status })])

/** Records the read receipts a session sent; WhatsApp takes them without an answer. */
export const markRead = Effect.fn("Simulator.markRead")(function*(
  world: World,
  sessionId: SessionId,
  chat: Recipient,
  messages: ReadonlyArray<ReadMessage>
) {
  yield* connected(world, sessionId)
  const reads = [...world.reads, ...messages.map((m) => ({ sessionId, chat, waMessageId: m.waMessageId, sender: m.sender }))].slice(-KEPT_PRESENCES)
  return step({ ...world, reads }, undefined)
})

/** How many presences the world remembers: a sandbox gateway runs for days while a client repeats "typing". */
const KEPT_PRESENCES = 1000

/**
 * Records a presence the session showed in a chat. WhatsApp neither acknowledges nor refuses one (a chat the
 * account cannot write to simply shows nothing), so only a disconnected session fails.
 */
export const sendPresence = Effect.fn("Simulator.sendPresence")(function*(world: World, sessionId: SessionId, chat: Recipient, state: ChatPresence) {
  yield* connected(world, sessionId)
  const presences = [...world.presences, { sessionId, chat, state }].slice(-KEPT_PRESENCES)
  return step({ ...world, presences }, undefined)
})
