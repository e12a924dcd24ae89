import { Schema } from "effect"
import { MessageId, SessionId, Timestamp, WaMessageId } from "./Ids.ts"
import { LidJid, PhoneJid, Recipient, UserJid } from "./Jid.ts"
import { ContactCard, MEDIA_TYPES } from "./SendRequest.ts"

/** Whether the session's account received the message (`in`) or sent it, through wagate or another device (`out`). */
export const MessageDirection = Schema.Literals(["in", "out"]).annotate({
  description: "`in`: the session received it; `out`: the session's account sent it (through wagate, or from another of its devices)."
})
export type MessageDirection = typeof MessageDirection.Type

/** Who sent a message: the address WhatsApp gave, and both twins where known. */
export const MessageSender = Schema.Struct({
  jid: UserJid.annotate({ description: "The sender as WhatsApp addressed it (a phone JID, or a LID)." }),
  phoneJid: Schema.NullOr(PhoneJid).annotate({ description: "The sender's phone JID; `null` when not known." }),
  lid: Schema.NullOr(LidJid).annotate({ description: "The sender's LID; `null` when not known." })
}).annotate({ identifier: "MessageSender", description: "Who sent a message." })
export type MessageSender = typeof MessageSender.Type

export const TextContent = Schema.Struct({ text: Schema.String }).annotate({ identifier: "TextContent" })
export const PollContent = Schema.Struct({
  name: Schema.String,
  options: Schema.Array(Schema.String),
  selectableCount: Schema.Int.annotate({ description: "How many answers a voter may pick (0: as many as they like)." })
}).annotate({ identifier: "PollContent" })
export const LocationContent = Schema.Struct({
  latitude: Schema.Finite,
  longitude: Schema.Finite,
  name: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String)
}).annotate({ identifier: "LocationContent" })
export const ContactContent = Schema.Struct({ contacts: Schema.Array(ContactCard) }).annotate({ identifier: "ContactContent" })
export const ReactionContent = Schema.Struct({
  emoji: Schema.String.annotate({ description: "The emoji; `\"\"` when the reaction was removed." }),
  targetWaMessageId: WaMessageId
}).annotate({ identifier: "ReactionContent" })
export const MediaContent = Schema.Struct({
  mimetype: Schema.NullOr(Schema.String),
  size: Schema.NullOr(Schema.Number).annotate({ description: "The file's size in bytes, when WhatsApp gave it." }),
  caption: Schema.NullOr(Schema.String),
  fileName: Schema.NullOr(Schema.String)
}).annotate({ identifier: "MediaContent", description: "A media message's metadata (the bytes are not fetched in v1)." })
export const UnsupportedContent = Schema.Struct({
  waType: Schema.String.annotate({ description: "WhatsApp's name for the kind of message (e.g. `stickerPackMessage`)." })
}).annotate({ identifier: "UnsupportedContent", description: "A message wagate does not understand: kept, never dropped." })

const TextBody = Schema.Struct({ type: Schema.Literal("text"), content: TextContent })
const PollBody = Schema.Struct({ type: Schema.Literal("poll"), content: PollContent })
const LocationBody = Schema.Struct({ type: Schema.Literal("location"), content: LocationContent })
const ContactBody = Schema.Struct({ type: Schema.Literal("contact"), content: ContactContent })
const ReactionBody = Schema.Struct({ type: Schema.Literal("reaction"), content: ReactionContent })
const MediaBody = Schema.Struct({ type: Schema.Literals(MEDIA_TYPES), content: MediaContent })
const UnsupportedBody = Schema.Struct({ type: Schema.Literal("unsupported"), content: UnsupportedContent })

/** A message's kind and its content, as stored and as callers read it. */
export const MessageBody = Schema.Union([TextBody, PollBody, LocationBody, ContactBody, ReactionBody, MediaBody, UnsupportedBody])
export type MessageBody = typeof MessageBody.Type

/** Where a stored message stands: received (and read once marked), or sent and then delivered and read. */
export const ChatMessageStatus = Schema.Literals(["received", "sent", "delivered", "read"]).annotate({
  description: "`received` (in, not marked read), `sent`, `delivered`, `read` (in: marked read by the session; out: read by the recipient)."
})
export type ChatMessageStatus = typeof ChatMessageStatus.Type

export const Reaction = Schema.Struct({
  from: UserJid.annotate({ description: "Who reacted." }),
  emoji: Schema.String
}).annotate({ identifier: "Reaction" })
export type Reaction = typeof Reaction.Type

/** A voter's current choice on a poll (a new vote replaces it; an empty one takes it back). */
export const PollVote = Schema.Struct({
  voter: UserJid.annotate({ description: "Who voted (by phone JID where known)." }),
  selected: Schema.Array(Schema.String).annotate({ description: "The options chosen; empty when the vote was taken back." }),
  at: Timestamp.annotate({ description: "When the voter cast it." })
}).annotate({ identifier: "PollVote" })
export type PollVote = typeof PollVote.Type

const messageFields = {
  id: MessageId.annotate({
    description: "The message's id among the stored conversations; a message sent through wagate matches its send by `waMessageId`."
  }),
  sessionId: SessionId,
  chatJid: Recipient.annotate({ description: "The chat: the group, or the other party of a direct chat." }),
  direction: MessageDirection,
  from: MessageSender,
  waMessageId: WaMessageId,
  replyTo: Schema.NullOr(WaMessageId).annotate({ description: "The quoted message's WhatsApp id, or `null`." }),
  mentions: Schema.Array(UserJid).annotate({ description: "The users the message mentions." }),
  status: ChatMessageStatus,
  timestamp: Timestamp.annotate({ description: "When WhatsApp says the message was sent." }),
  edited: Schema.Boolean.annotate({ description: "The sender edited it (the content is the latest version)." }),
  deleted: Schema.Boolean.annotate({ description: "The sender deleted it for everyone (its content is kept as it was)." }),
  reactions: Schema.Array(Reaction).annotate({ description: "Reactions to it, one per user, in the order they came." }),
  votes: Schema.optionalKey(
    Schema.Array(PollVote).annotate({ description: "A poll's votes, one per voter (the latest); only on a poll that has some." })
  )
}

/** A message of a chat, stored whichever way it went (API.md, Conversations). */
export const ChatMessage = Schema.Union([
  Schema.Struct({ ...messageFields, ...TextBody.fields }),
  Schema.Struct({ ...messageFields, ...PollBody.fields }),
  Schema.Struct({ ...messageFields, ...LocationBody.fields }),
  Schema.Struct({ ...messageFields, ...ContactBody.fields }),
  Schema.Struct({ ...messageFields, ...ReactionBody.fields }),
  Schema.Struct({ ...messageFields, ...MediaBody.fields }),
  Schema.Struct({ ...messageFields, ...UnsupportedBody.fields })
])
  .annotate({ identifier: "ChatMessage", description: "A message of a chat, received or sent." })
export type ChatMessage = typeof ChatMessage.Type

/** A chat of a session, as listed. */
export const ChatSummary = Schema.Struct({
  chatJid: Recipient,
  lastMessageAt: Timestamp.annotate({ description: "When the chat's newest message was sent." }),
  unread: Schema.Int.annotate({ description: "Messages received since the session last marked the chat read." })
}).annotate({ identifier: "Chat", description: "A chat of the session." })
export type ChatSummary = typeof ChatSummary.Type

/** How many current votes chose each of the poll's options (every option named, zero included). */
export const tallyOf = (options: ReadonlyArray<string>, votes: ReadonlyArray<PollVote>): Record<string, number> => {
  const tally: Record<string, number> = Object.fromEntries(options.map((option) => [option, 0]))
  for (const vote of votes) {
    for (const option of vote.selected) {
      if (Object.hasOwn(tally, option)) tally[option] = (tally[option] ?? 0) + 1
    }
  }
  return tally
}

/** What a new stored message is made of: everything but the later acts on it (edits, deletion, reactions, votes). */
export interface NewChatMessage {
  readonly id: ChatMessage["id"]
  readonly sessionId: ChatMessage["sessionId"]
  readonly chatJid: ChatMessage["chatJid"]
  readonly direction: MessageDirection
  readonly from: MessageSender
  readonly waMessageId: ChatMessage["waMessageId"]
  readonly body: MessageBody
  readonly replyTo: ChatMessage["replyTo"]
  readonly mentions: ChatMessage["mentions"]
  readonly timestamp: ChatMessage["timestamp"]
}

/** A message as first stored: `received` when it came in, `sent` when the account sent it, nothing acted on yet. */
export const newChatMessage = ({ body, ...fields }: NewChatMessage): ChatMessage => ({
  ...fields,
  ...body,
  status: fields.direction === "in" ? "received" : "sent",
  edited: false,
  deleted: false,
  reactions: []
})
