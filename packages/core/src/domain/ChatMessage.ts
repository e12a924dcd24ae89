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
  selectableCount: Schema.Int.annotate({ description: "How many answers a voter may pick (0: any number)." })
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

/** A message's kind and its content, as stored and as callers read it. */
export const MessageBody = Schema.Union([
  Schema.Struct({ type: Schema.Literal("text"), content: TextContent }),
  Schema.Struct({ type: Schema.Literal("poll"), content: PollContent }),
  Schema.Struct({ type: Schema.Literal("location"), content: LocationContent }),
  Schema.Struct({ type: Schema.Literal("contact"), content: ContactContent }),
  Schema.Struct({ type: Schema.Literal("reaction"), content: ReactionContent }),
  Schema.Struct({ type: Schema.Literals(MEDIA_TYPES), content: MediaContent }),
  Schema.Struct({ type: Schema.Literal("unsupported"), content: UnsupportedContent })
])
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
  reactions: Schema.Array(Reaction).annotate({ description: "Reactions to it, one per user, in the order they came." })
}

/** A message of a chat, stored whichever way it went (API.md, Conversations). */
export const ChatMessage = Schema.Union(MessageBody.members.map((body) => Schema.Struct({ ...messageFields, ...body.fields })))
  .annotate({ identifier: "ChatMessage", description: "A message of a chat, received or sent." })
export type ChatMessage = typeof ChatMessage.Type

/** A chat of a session, as listed. */
export const ChatSummary = Schema.Struct({
  chatJid: Recipient,
  lastMessageAt: Timestamp.annotate({ description: "When the chat's newest message was sent." }),
  unread: Schema.Int.annotate({ description: "Messages received since the session last marked the chat read." })
}).annotate({ identifier: "Chat", description: "A chat of the session." })
export type ChatSummary = typeof ChatSummary.Type
