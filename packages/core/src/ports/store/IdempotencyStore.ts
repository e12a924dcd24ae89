import { Context, type Effect } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { OrgId, Timestamp } from "../../domain/Ids.ts"
import type { SendResult } from "../../domain/SendResult.ts"

/** What a finished request answered: replayed as is for the same key. */
export interface IdempotentOutcome {
  readonly result: SendResult
  /** Whether the original request was asynchronous (it answered "accepted" rather than "done"). */
  readonly async: boolean
}

export type Reservation =
  | { readonly _tag: "Reserved" }
  | { readonly _tag: "InProgress"; readonly fingerprint: string }
  | { readonly _tag: "Completed"; readonly fingerprint: string; readonly outcome: IdempotentOutcome }

/** Idempotency keys, unique per organisation, each with a fingerprint of the request that first used it. */
export class IdempotencyStore extends Context.Service<IdempotencyStore, {
  /** Claims the key atomically; when already claimed, says by what and how far it got. */
  readonly reserve: (orgId: OrgId, key: string, fingerprint: string, at: Timestamp) => Effect.Effect<Reservation, StoreUnavailable>
  readonly complete: (orgId: OrgId, key: string, outcome: IdempotentOutcome) => Effect.Effect<void, StoreUnavailable>
  /** Frees a key whose request failed before anything was sent, so the caller may retry with it. */
  readonly release: (orgId: OrgId, key: string) => Effect.Effect<void, StoreUnavailable>
}>()("@wagate/core/IdempotencyStore") {}
