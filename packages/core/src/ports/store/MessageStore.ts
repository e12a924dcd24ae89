import { Context, type Effect, type Option } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { MessageId, OrgId, SessionId, Timestamp, WaMessageId } from "../../domain/Ids.ts"
import type { Recipient } from "../../domain/Jid.ts"
import type { MessageType, SendRequest } from "../../domain/SendRequest.ts"
import type { SendError } from "../../domain/SendError.ts"
import type { MessageStatus } from "../../domain/SendResult.ts"

/** A message wagate sent or will send; the outbox of asynchronous sending. */
export interface StoredMessage {
  readonly id: MessageId
  readonly orgId: OrgId
  readonly sessionId: SessionId
  readonly to: Recipient
  readonly type: MessageType
  readonly request: SendRequest
  readonly status: MessageStatus
  readonly waMessageId: WaMessageId | null
  /** Why it failed (`null` unless `status` is `failed`). */
  readonly error: SendError | null
  /** How many times the gateway handed it to WhatsApp. */
  readonly attempts: number
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
}

export interface MessageUpdate {
  readonly status: MessageStatus
  readonly waMessageId?: WaMessageId
  readonly error?: SendError | null
  readonly attempts?: number
  readonly at: Timestamp
}

export class MessageStore extends Context.Service<MessageStore, {
  readonly insert: (message: StoredMessage) => Effect.Effect<void, StoreUnavailable>
  readonly get: (orgId: OrgId, sessionId: SessionId, id: MessageId) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
  readonly update: (id: MessageId, update: MessageUpdate) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
  /** How many messages are in each status, across organisations (for metrics). */
  readonly countByStatus: Effect.Effect<ReadonlyArray<{ readonly status: MessageStatus; readonly count: number }>, StoreUnavailable>
  readonly findByWaId: (
    sessionId: SessionId,
    waMessageId: WaMessageId
  ) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
}>()("@wagate/core/MessageStore") {}
