import { Context, Effect } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"

/**
 * Runs several store operations as one: a state change and the event that reports it commit together or not
 * at all. On Postgres it is one database transaction (nested calls join the outer one); the memory store runs the
 * body without letting another store call in between its steps.
 */
export class StoreTransaction extends Context.Service<StoreTransaction, {
  readonly atomically: <A, E, R>(body: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreUnavailable, R>
}>()("@wagate/core/StoreTransaction") {}

/** `body` as one store transaction. */
export const atomically = <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreUnavailable, R | StoreTransaction> =>
  Effect.gen(function*() {
    const transaction = yield* StoreTransaction
    return yield* transaction.atomically(body)
  })
