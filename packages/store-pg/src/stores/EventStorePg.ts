import { EventPayload, EventStore, OrgId, type StoredEvent, type Timestamp } from "@wagate/core"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors } from "../errors.ts"
import { decodeRows, NumberFromBigInt, TimestampColumn } from "./rows.ts"

const EventRow = Schema.Struct({
  id: NumberFromBigInt,
  org_id: OrgId,
  created_at: TimestampColumn,
  payload: EventPayload
})

const toEvent = (row: typeof EventRow.Type): StoredEvent => ({
  id: row.id,
  orgId: row.org_id,
  createdAt: row.created_at,
  payload: row.payload
})

const decodeEvents = decodeRows(EventRow)

/** The first key of the advisory lock that orders one organisation's appends (the second is the org's hash). */
const APPEND_LOCK = 0x77616765 // "wage"

/**
 * `EventStore` over Postgres; ids come from the identity column. An identity alone would let a reader miss an
 * event: ids are drawn at insert but become visible at commit, so a reader could see id 8 before the
 * transaction holding id 7 commits, and then resume after 8. Each append therefore takes an advisory lock per
 * organisation until it commits, so one organisation's events become visible in id order.
 */
export const EventStorePg = Layer.effect(
  EventStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()

    const append = Effect.fn("EventStorePg.append")(function*(orgId: OrgId, payload: EventPayload, at: Timestamp) {
      const rows = yield* sql`
        WITH ordered AS (SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(${orgId})))
        INSERT INTO events (org_id, created_at, payload)
        SELECT ${orgId}::text, ${at}::timestamptz, ${JSON.stringify(payload)}::jsonb FROM ordered
        RETURNING id, org_id, created_at, payload`
      const [event] = yield* decodeEvents(rows)
      if (event === undefined) return yield* Effect.die(new Error("an event insert returned no row"))
      return toEvent(event)
    }, storeErrors)

    const since = Effect.fn("EventStorePg.since")(function*(orgId: OrgId, afterId: number, limit: number) {
      const rows = yield* sql`
        SELECT id, org_id, created_at, payload FROM events
        WHERE org_id = ${orgId} AND id > ${afterId}
        ORDER BY id
        LIMIT ${limit}`
      return (yield* decodeEvents(rows)).map(toEvent)
    }, storeErrors)

    return EventStore.of({ append, since })
  })
)
