import { Context, type Effect, type Option } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { MessageId, OrgId, Timestamp } from "../../domain/Ids.ts"
import type { SendResult } from "../../domain/SendResult.ts"

/** What a finished request answered, as keys stored before the outbox (migration 0005) recorded it. */
export interface IdempotentOutcome {
  readonly result: SendResult
  /** Whether the original request was asynchronous (it answered "accepted" rather than "done"). */
  readonly async: boolean
}

/** A new key: the request's fingerprint and the message it accepted, committed with that message. */
export interface NewIdempotencyKey {
  readonly fingerprint: string
  readonly messageId: MessageId
  readonly async: boolean
  readonly at: Timestamp
}

/**
 * A key already used. `Message`: the message its first request accepted (a replay reads the message's current
 * state). `Outcome`: a key completed before the outbox, with the answer it gave then.
 */
export type IdempotencyRecord =
  | { readonly _tag: "Message"; readonly fingerprint: string; readonly messageId: MessageId; readonly async: boolean }
  | { readonly _tag: "Outcome"; readonly fingerprint: string; readonly outcome: IdempotentOutcome }

/**
 * Idempotency keys, unique per organisation, each with a fingerprint of the request that first used it. A key is
 * claimed in the transaction that stores its message (ADR 0032), so there is no "in progress" state: either the
 * message and its key are committed, or neither is.
 */
export class IdempotencyStore extends Context.Service<IdempotencyStore, {
  /**
   * The key's record, if the key was used. A key left "in progress" by a synchronous send of an older version
   * (which died before it finished) is none: the next request with it takes it over.
   */
  readonly find: (orgId: OrgId, key: string) => Effect.Effect<Option.Option<IdempotencyRecord>, StoreUnavailable>
  /**
   * Claims the key for a message; none when claimed. Of concurrent claims exactly one wins, the others get the
   * winner's record (on Postgres they wait for the winner's transaction to end). Run it in the transaction that
   * inserts the message.
   */
  readonly claim: (orgId: OrgId, key: string, claim: NewIdempotencyKey) => Effect.Effect<Option.Option<IdempotencyRecord>, StoreUnavailable>
}>()("@wagate/core/IdempotencyStore") {}
