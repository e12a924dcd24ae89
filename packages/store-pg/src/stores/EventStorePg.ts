import {
  EventId,
  type EventPayload,
  type EventQuery,
  EventStore,
  EventWakeups,
  makeEventId,
  type OrgId,
  StoredEvent,
  type Timestamp
} from "@wagate/core"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors } from "../errors.ts"
import { decodeRows, TimestampColumn } from "./rows.ts"

const EventRow = Schema.Struct({
  tx: Schema.String,
  seq: Schema.String,
  org_id: Schema.String,
  session_id: Schema.String,
  type: Schema.String,
  occurred_at: TimestampColumn,
  data: Schema.Unknown
})
const decodeEventRows = decodeRows(EventRow)
const decodeStored = Schema.decodeUnknownEffect(Schema.Array(StoredEvent))

/** The rows as events; a row that does not fit the schema is a bug (the fiber dies). */
const toEvents = (rows: ReadonlyArray<unknown>) =>
  decodeEventRows(rows).pipe(
    Effect.flatMap((decoded) =>
      decodeStored(decoded.map((row) => ({
        id: makeEventId(BigInt(row.tx), BigInt(row.seq)),
        orgId: row.org_id,
        sessionId: row.session_id,
        type: row.type,
        occurredAt: row.occurred_at,
        data: row.data
      })))
    ),
    Effect.orDie
  )

/** The largest `bigint`: no row's `seq` is larger. */
const MAX_SEQ = 2n ** 63n - 1n

/**
 * An id's two halves, as the decimal strings Postgres casts to `xid8` and `bigint`. An id is any 32 hex digits, so
 * its second half may exceed a `bigint` (a client's `Last-Event-ID` or `?after=`): it is capped, which reads the same
 * rows, since no row's `seq` is above the cap (the cast would fail instead, a 503 on every reconnect).
 */
const cursorOf = (id: EventId) => {
  const seq = BigInt(`0x${id.slice(16)}`)
  return { tx: BigInt(`0x${id.slice(0, 16)}`).toString(), seq: (seq > MAX_SEQ ? MAX_SEQ : seq).toString() }
}

const COLUMNS = "tx::text AS tx, seq::text AS seq, org_id, session_id, type, occurred_at, data"

/**
 * `EventStore` over Postgres (ADR 0029). An event sorts by `(tx, seq)`: its transaction's id, then its row's
 * sequence number. Readers see only rows whose transaction is older than every transaction still running
 * (`tx < pg_snapshot_xmin(pg_current_snapshot())`): a transaction that could still commit has an id at least that
 * large, so it can only add events after what a reader has seen. No lock is taken per append; the price is that a
 * long transaction anywhere in the database holds back what readers see until it ends.
 */
export const EventStorePg = Layer.effect(
  EventStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const wakeups = yield* EventWakeups
    const columns = sql.literal(COLUMNS)
    const visible = sql.literal("tx < pg_snapshot_xmin(pg_current_snapshot())")
    const after = (id: EventId | null) => {
      if (id === null) return sql``
      const cursor = cursorOf(id)
      return sql`AND (tx, seq) > (${cursor.tx}::xid8, ${cursor.seq}::bigint)`
    }

    const append = Effect.fn("EventStorePg.append")(function*(orgId: OrgId, payload: EventPayload, at: Timestamp) {
      const rows = yield* sql`
        INSERT INTO events (org_id, session_id, type, occurred_at, data)
        VALUES (${orgId}, ${payload.sessionId}, ${payload.type}, ${at}::timestamptz, ${JSON.stringify(payload.data)}::jsonb)
        RETURNING ${columns}`
      const [event] = yield* toEvents(rows)
      if (event === undefined) return yield* Effect.die(new Error("an event insert returned no row"))
      // Inside a transaction this wake-up comes before the commit (a reader finds nothing yet); the transaction
      // wakes readers again once it committed.
      yield* wakeups.notify
      return event
    }, storeErrors)

    const history = Effect.fn("EventStorePg.history")(function*(orgId: OrgId, query: EventQuery) {
      const types = query.types === undefined ? sql`` : sql`AND type IN ${sql.in(query.types)}`
      const session = query.sessionId === undefined ? sql`` : sql`AND session_id = ${query.sessionId}`
      const rows = yield* sql`
        SELECT ${columns} FROM events
        WHERE org_id = ${orgId} AND ${visible} ${after(query.after)} ${types} ${session}
        ORDER BY events.tx, events.seq
        LIMIT ${query.limit}`
      return yield* toEvents(rows)
    }, storeErrors)

    const feed = Effect.fn("EventStorePg.feed")(function*(afterId: EventId | null, limit: number) {
      const rows = yield* sql`
        SELECT ${columns} FROM events
        WHERE ${visible} ${after(afterId)}
        ORDER BY events.tx, events.seq
        LIMIT ${limit}`
      return yield* toEvents(rows)
    }, storeErrors)

    const latest = Effect.gen(function*() {
      const rows = yield* sql<{ readonly tx: string; readonly seq: string }>`
        SELECT tx::text AS tx, seq::text AS seq FROM events WHERE ${visible} ORDER BY events.tx DESC, events.seq DESC LIMIT 1`
      const [row] = rows
      return row === undefined ? null : makeEventId(BigInt(row.tx), BigInt(row.seq))
    }).pipe(storeErrors, Effect.withSpan("EventStorePg.latest"))

    const prune = Effect.fn("EventStorePg.prune")(function*(before: Timestamp) {
      const rows = yield* sql<{ readonly pruned: string }>`
        WITH gone AS (DELETE FROM events WHERE occurred_at < ${before}::timestamptz RETURNING 1)
        SELECT count(*)::text AS pruned FROM gone`
      return Number(rows[0]?.pruned ?? "0")
    }, storeErrors)

    return EventStore.of({ append, history, feed, latest, prune })
  })
)
