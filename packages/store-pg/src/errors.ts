import { StoreUnavailable } from "@wagate/core"
import { Cause, Effect } from "effect"
import { isSqlError, type SqlError } from "effect/sql/SqlError"

/*
 * How SQL failures reach the ports. A port method never fails with a `SqlError`:
 * - a unique violation the port expects (a taken session id) becomes that port's error, where it happens;
 * - a foreign-key violation on a write under a session means the session is gone (removed meanwhile, or never
 *   there): the write is moot, as if it had been made and then cascaded away (`whenSessionGone`);
 * - every other failure (connection lost, timeout, deadlock, a missing table) is `StoreUnavailable`, with the
 *   cause logged and kept out of the message (`storeErrors`);
 * - a row the schema cannot decode, or an id the IdGenerator handed out twice, is a bug: the fiber dies.
 */

const RETRY_AFTER_SECONDS = 2

/** The only store error callers see: the same message whatever the cause, which goes to the log. */
export const storeUnavailable = (): StoreUnavailable =>
  new StoreUnavailable({ message: "the store is unavailable", retryAfterSeconds: RETRY_AFTER_SECONDS })

/** `StoreUnavailable` for a SQL error, which is logged as the cause. */
export const unavailable = (error: SqlError): Effect.Effect<never, StoreUnavailable> =>
  Effect.logError("store query failed", Cause.fail(error)).pipe(
    Effect.annotateLogs({ sqlError: error.reason._tag }),
    Effect.andThen(Effect.fail(storeUnavailable()))
  )

/**
 * Turns the `SqlError` of a port method into `StoreUnavailable` (see `unavailable`). A transaction whose
 * connection dies midway fails as a defect wrapping the `SqlError` (the ROLLBACK fails too, and effect runs it
 * under `orDie`): that is an outage as well, not a bug.
 */
export const storeErrors = <A, R>(self: Effect.Effect<A, SqlError | StoreUnavailable, R>): Effect.Effect<A, StoreUnavailable, R> =>
  self.pipe(
    Effect.catchTag("SqlError", unavailable),
    Effect.catchDefect((defect) => (isSqlError(defect) ? unavailable(defect) : Effect.die(defect)))
  )

/** The SQLSTATE of a Postgres error, when the cause carries one. */
const sqlState = (error: SqlError): string | undefined => {
  const cause: unknown = error.reason.cause
  if (typeof cause !== "object" || cause === null || !("code" in cause)) return undefined
  return typeof cause.code === "string" ? cause.code : undefined
}

/** Postgres' `foreign_key_violation`. */
const isForeignKeyViolation = (error: SqlError): boolean => sqlState(error) === "23503"

/**
 * A write under a session that does not exist (any more) does nothing and answers `gone`: had it run before
 * the session was removed, the removal would have deleted it. Retrying it could never succeed.
 */
export const whenSessionGone = <B>(gone: B) =>
<A, E, R>(self: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A | B, E | SqlError, R> =>
  self.pipe(
    Effect.catchIf(
      (error): error is SqlError => isSqlError(error) && isForeignKeyViolation(error),
      () => Effect.as(Effect.logDebug("write under a removed session skipped"), gone)
    )
  )

/** A unique violation on an id the IdGenerator made is a bug (as the memory store treats it), not an outage. */
export const dieOnDuplicateId = (what: string) =>
<A, E, R>(self: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, E | SqlError, R> =>
  self.pipe(
    Effect.catchIf(
      (error): error is SqlError => isSqlError(error) && error.reason._tag === "UniqueViolation",
      () => Effect.die(new Error(`${what} is already stored`))
    )
  )
