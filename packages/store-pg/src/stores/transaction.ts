import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/**
 * `sql.withTransaction(body)`, carried out whole once begun: the caller's interruption (a client that hung up, a
 * timeout) waits for the COMMIT or ROLLBACK instead of cancelling the statement in flight.
 *
 * A cancelled statement costs the embedded store its only connection (PGlite cannot cancel one, and the driver
 * retires a connection whose cancel was not confirmed; ADR 0017), and statements in a transaction are the only
 * ones the driver still cancels there. On a server it changes little: the transactions are short, and a write
 * that was started is better finished, so that a retry of the request finds it done.
 */
export const wholeTransaction = (sql: SqlClient) =>
<A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
  Effect.uninterruptible(sql.withTransaction(body))
