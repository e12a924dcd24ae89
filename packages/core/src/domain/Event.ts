import { Schema } from "effect"
import { MessageId, OrgId, SessionId, Timestamp } from "./Ids.ts"
import { GroupJid, LidJid, PhoneJid, UserJid } from "./Jid.ts"
import { Group } from "./Group.ts"
import { SessionStatus } from "./Session.ts"
import { MessageStatus } from "./SendResult.ts"

export const SessionStatusEvent = Schema.TaggedStruct("session.status", {
  sessionId: SessionId,
  status: SessionStatus,
  phoneJid: Schema.NullOr(PhoneJid),
  lid: Schema.NullOr(LidJid)
})

export const GroupUpdatedEvent = Schema.TaggedStruct("group.updated", {
  sessionId: SessionId,
  group: Group
})

export const GroupParticipantsEvent = Schema.TaggedStruct("group.participants", {
  sessionId: SessionId,
  groupJid: GroupJid,
  action: Schema.Literals(["add", "remove", "promote", "demote"]),
  participants: Schema.Array(UserJid)
})

/** What happened to a request to join a group that needs approval (join requests themselves are read live). */
export const JoinRequestChange = Schema.Literals(["created", "approved", "rejected", "cancelled"])
export type JoinRequestChange = typeof JoinRequestChange.Type

export const GroupJoinRequestEvent = Schema.TaggedStruct("group.join_request", {
  sessionId: SessionId,
  groupJid: GroupJid,
  jid: UserJid,
  action: JoinRequestChange
})

export const MessageStatusEvent = Schema.TaggedStruct("message.status", {
  sessionId: SessionId,
  messageId: MessageId,
  status: MessageStatus,
  error: Schema.optionalKey(Schema.String)
})

/** What the gateway tells an organisation about: streamed as SSE and delivered to webhooks. */
export const EventPayload = Schema.Union([SessionStatusEvent, GroupUpdatedEvent, GroupParticipantsEvent,
  GroupJoinRequestEvent,
  MessageStatusEvent
])
export type EventPayload = typeof EventPayload.Type
export type EventType = EventPayload["_tag"]

/** A recorded event; `id` increases monotonically so a client can resume after the last one it saw. */
export const StoredEvent = Schema.Struct({
  id: Schema.Int,
  orgId: OrgId,
  createdAt: Timestamp,
  payload: EventPayload
})
export type StoredEvent = typeof StoredEvent.Type
