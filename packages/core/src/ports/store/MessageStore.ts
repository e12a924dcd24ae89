import { Context, type Effect, type Option } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { MessageId, OrgId, SessionId, Timestamp, WaMessageId } from "../../domain/Ids.ts"
import type { Recipient } from "../../domain/Jid.ts"
import type { MessageType, SendRequest } from "../../domain/SendRequest.ts"
import type { SendError } from "../../domain/SendError.ts"
import type { MessageStatus } from "../../domain/SendResult.ts"
import type { SessionOwner } from "../../domain/Session.ts"

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
  /** How many times the gateway handed it to WhatsApp (counted before each attempt). */
  readonly attempts: number
  /** While `queued`: not to be attempted before then (a retry's backoff); `null` once it left the queue. */
  readonly nextAttemptAt: Timestamp | null
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
}

export interface MessageUpdate {
  readonly status: MessageStatus
  readonly waMessageId?: WaMessageId
  readonly error?: SendError | null
  readonly attempts?: number
  readonly nextAttemptAt?: Timestamp | null
  readonly at: Timestamp
  /**
   * Only if the message is in one of these statuses now (a conditional update: a late write never moves a
   * message backwards past a receipt that already moved it on); whatever the status when omitted.
   */
  readonly from?: ReadonlyArray<MessageStatus>
}

export class MessageStore extends Context.Service<MessageStore, {
  readonly insert: (message: StoredMessage) => Effect.Effect<void, StoreUnavailable>
  readonly get: (orgId: OrgId, sessionId: SessionId, id: MessageId) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
  /** The message after the update; none when it is absent or not in one of the `from` statuses. */
  readonly update: (id: MessageId, update: MessageUpdate) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
  /** The session's oldest `queued` message in acceptance order (the head of its outbox), whether due or not. */
  readonly nextQueued: (orgId: OrgId, sessionId: SessionId) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
  /** The sessions with a `queued` message due by `at` (`nextAttemptAt` not after it): the drains' sweep. */
  readonly queuedSessions: (at: Timestamp) => Effect.Effect<ReadonlyArray<SessionOwner>, StoreUnavailable>
  /** How many messages are in each status, across organisations (for metrics). */
  readonly countByStatus: Effect.Effect<ReadonlyArray<{ readonly status: MessageStatus; readonly count: number }>, StoreUnavailable>
  readonly findByWaId: (
    sessionId: SessionId,
    waMessageId: WaMessageId
  ) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
}>()("@wagate/core/MessageStore") {}
