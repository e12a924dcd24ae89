import { EventWakeups, type StoreUnavailable, StoreTransaction } from "@wagate/core"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { isSqlError, type SqlError } from "effect/sql/SqlError"
import { unavailable } from "../errors.ts"
import { wholeTransaction } from "./transaction.ts"

/**
 * `StoreTransaction` over Postgres: the body's store calls share one database transaction (a nested call becomes
 * a savepoint of the outer one). After the commit, readers of the event log are woken: the events the body
 * appended became visible only now.
 */
export const StoreTransactionPg = Layer.effect(
  StoreTransaction,
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const wakeups = yield* EventWakeups
    const whole = wholeTransaction(sql)
    const atomically = <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreUnavailable, R> =>
      whole(body).pipe(
        Effect.catchIf((error: E | SqlError): error is SqlError => isSqlError(error), unavailable),
        // A connection that dies during COMMIT or ROLLBACK surfaces as a defect wrapping the SqlError.
        Effect.catchDefect((defect) => (isSqlError(defect) ? unavailable(defect) : Effect.die(defect))),
        Effect.tap(() => wakeups.notify),
        Effect.withSpan("StoreTransactionPg.atomically")
      )
    return StoreTransaction.of({ atomically })
  })
)
