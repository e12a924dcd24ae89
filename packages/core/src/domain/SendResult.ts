import { Schema } from "effect"
import { MessageId, SessionId, Timestamp, WaMessageId } from "./Ids.ts"
import { Recipient } from "./Jid.ts"
import { SendError } from "./SendError.ts"
import { MessageType } from "./SendRequest.ts"

export const MessageStatus = Schema.Literals(["queued", "sent", "delivered", "read", "failed"]).annotate({
  description: "`queued` (accepted, not yet acknowledged by WhatsApp), `sent` (WhatsApp acknowledged it), `delivered`, `read`, or `failed` (see `error`)."
})
export type MessageStatus = typeof MessageStatus.Type

/** A sent (or queued) message as callers see it. */
export const SendResult = Schema.Struct({
  id: MessageId.annotate({ description: "The message's id in wagate (a ULID): read it back with `GET …/messages/{id}`." }),
  sessionId: SessionId.annotate({ description: "The session that sent it." }),
  to: Recipient.annotate({ description: "The recipient as a JID (a phone number given in the request comes back normalised)." }),
  type: MessageType,
  status: MessageStatus,
  waMessageId: Schema.NullOr(WaMessageId).annotate({
    description:
      "WhatsApp's id for the message, chosen by the gateway before the first attempt so that a retry can never make a second message; `null` only for messages stored before ids were chosen up front."
  }),
  attempts: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({
    description: "How many times the gateway handed the message to WhatsApp."
  }),
  createdAt: Timestamp.annotate({ description: "When the gateway accepted the message." }),
  updatedAt: Timestamp.annotate({ description: "When its status last changed." }),
  error: Schema.NullOr(SendError).annotate({ description: "Why the message failed: `null` unless `status` is `failed`." }),
  votes: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.Int).annotate({
      description: "A poll's votes as read by `GET …/messages/{id}`: how many voters chose each option (their latest vote counts)."
    })
  )
}).annotate({ description: "A sent (or queued) message and where it stands." })
export type SendResult = typeof SendResult.Type

const rank: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 }

/** Receipts can arrive out of order: a status only moves forward (read never goes back to delivered). */
export const isStatusAdvance = (from: MessageStatus, to: MessageStatus): boolean =>
  from !== "failed" && rank[to] > rank[from]

/** The statuses a message may move to `to` from: those it is an advance over. */
export const statusesBefore = (to: MessageStatus): ReadonlyArray<MessageStatus> =>
  MessageStatus.literals.filter((from) => isStatusAdvance(from, to))
