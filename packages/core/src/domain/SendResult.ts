import { Schema } from "effect"
import { MessageId, SessionId, Timestamp } from "./Ids.ts"
import { Recipient } from "./Jid.ts"
import { MessageType } from "./SendRequest.ts"

export const MessageStatus = Schema.Literals(["queued", "sent", "delivered", "read", "failed"])
export type MessageStatus = typeof MessageStatus.Type

/** A sent (or queued) message as callers see it. */
export const SendResult = Schema.Struct({
  id: MessageId,
  sessionId: SessionId,
  to: Recipient,
  type: MessageType,
  status: MessageStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  error: Schema.optionalKey(Schema.String)
})
export type SendResult = typeof SendResult.Type

const rank: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 }

/** Receipts can arrive out of order: a status only moves forward (read never goes back to delivered). */
export const isStatusAdvance = (from: MessageStatus, to: MessageStatus): boolean =>
  from !== "failed" && rank[to] > rank[from]
