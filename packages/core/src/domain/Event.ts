import { Schema } from "effect"
import { OrgId, SessionId, Timestamp, WaMessageId } from "./Ids.ts"
import { GroupJid, LidJid, PhoneJid, UserJid } from "./Jid.ts"
import { Group } from "./Group.ts"
import { SessionStatus } from "./Session.ts"
import { SendResult } from "./SendResult.ts"
import { ChatMessage, MessageSender } from "./ChatMessage.ts"

/**
 * An event's id: 32 lowercase hex characters, the committing transaction's order key then the row's sequence
 * number (16 each). Ids sort, as strings, in the order readers see the events (ADR 0029); clients treat them as
 * opaque and resume after the last one they saw.
 */
export const EventId = Schema.String.check(Schema.isPattern(/^[0-9a-f]{32}$/)).pipe(Schema.brand("EventId")).annotate({
  description: "An event id (32 hex characters); ids sort in the order events happened within the organisation."
})
export type EventId = typeof EventId.Type

/** The id made of a transaction's order key and a row's sequence number (both non-negative, below 2^64). */
export const makeEventId = (tx: bigint, seq: bigint): EventId =>
  EventId.make(tx.toString(16).padStart(16, "0") + seq.toString(16).padStart(16, "0"))

export const SessionStatusData = Schema.Struct({
  status: SessionStatus,
  phoneJid: Schema.NullOr(PhoneJid),
  lid: Schema.NullOr(LidJid)
}).annotate({ identifier: "SessionStatusData", description: "The session's status after the change." })

export const ParticipantsAction = Schema.Literals(["add", "remove", "promote", "demote"])
export type ParticipantsAction = typeof ParticipantsAction.Type

export const GroupParticipantsData = Schema.Struct({
  groupJid: GroupJid,
  action: ParticipantsAction,
  participants: Schema.Array(UserJid),
  author: Schema.NullOr(UserJid).annotate({ description: "Who made the change; `null` when WhatsApp did not say." })
}).annotate({
  identifier: "GroupParticipantsData",
  description: "Members added, removed, promoted or demoted (a member leaving is a `remove` by itself)."
})
export type GroupParticipantsData = typeof GroupParticipantsData.Type

/** What happened to a request to join a group that needs approval (join requests themselves are read live). */
export const JoinRequestChange = Schema.Literals(["created", "approved", "rejected", "cancelled"])
export type JoinRequestChange = typeof JoinRequestChange.Type

export const GroupJoinRequestData = Schema.Struct({
  groupJid: GroupJid,
  jid: UserJid,
  action: JoinRequestChange
}).annotate({ identifier: "GroupJoinRequestData", description: "A request to join a group changed." })

const payload = <const T extends string, D extends Schema.Top>(type: T, data: D) =>
  Schema.Struct({ type: Schema.Literal(type), sessionId: SessionId, data })

export const SessionStatusEvent = payload("session.status", SessionStatusData)
export const GroupUpdatedEvent = payload("group.updated", Group)
export const GroupParticipantsEvent = payload("group.participants", GroupParticipantsData)
export const GroupJoinRequestEvent = payload("group.join_request", GroupJoinRequestData)
export const MessageStatusEvent = payload("message.status", SendResult)
export const MessageReceivedEvent = payload("message.received", ChatMessage)
export const MessageUpdatedEvent = payload("message.updated", ChatMessage)

export const PollVoteData = Schema.Struct({
  pollWaMessageId: WaMessageId.annotate({ description: "The poll the session sent." }),
  voter: MessageSender,
  selected: Schema.Array(Schema.String).annotate({ description: "The options the voter chose now; empty when they took the vote back." })
}).annotate({ identifier: "PollVoteData", description: "A vote on one of the session's polls." })
export const PollVoteEvent = payload("poll.vote", PollVoteData)

/** What the gateway tells an organisation about (API.md, Events): streamed as SSE and delivered to webhooks. */
export const EventPayload = Schema.Union([
  SessionStatusEvent,
  GroupUpdatedEvent,
  GroupParticipantsEvent,
  GroupJoinRequestEvent,
  MessageStatusEvent,
  MessageReceivedEvent,
  MessageUpdatedEvent,
  PollVoteEvent
])
export type EventPayload = typeof EventPayload.Type
export type EventType = EventPayload["type"]

/** Every event type, in the order API.md lists them. */
export const EventTypes: ReadonlyArray<EventType> = [
  "message.status",
  "message.received",
  "message.updated",
  "poll.vote",
  "session.status",
  "group.updated",
  "group.participants",
  "group.join_request"
]
export const EventTypeSchema = Schema.Literals(EventTypes)

const envelope = { id: EventId, occurredAt: Timestamp }

/** A recorded event, with the organisation it belongs to. */
export const StoredEvent = Schema.Union(EventPayload.members.map((member) =>
  Schema.Struct({ ...envelope, orgId: OrgId, ...member.fields })
))
export type StoredEvent = EventPayload & { readonly id: EventId; readonly orgId: OrgId; readonly occurredAt: Timestamp }

/** An event as clients receive it (SSE, history, webhooks): `{id, type, sessionId, occurredAt, data}`. */
export const Event = Schema.Union(EventPayload.members.map((member) => Schema.Struct({ ...envelope, ...member.fields })))
  .annotate({ identifier: "Event", description: "Something that happened in one of the organisation's sessions." })
export type Event = EventPayload & { readonly id: EventId; readonly occurredAt: Timestamp }

/** The wire form of a stored event (its organisation is implied by who reads it). */
export const toWireEvent = (event: StoredEvent): Event => {
  const { orgId: _orgId, ...wire } = event
  return wire
}
