import { type IdempotencyRecord, IdempotencyStore, MessageId, type NewIdempotencyKey, type OrgId } from "@wagate/core"
import { Array as Arr, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors } from "../errors.ts"
import { StoredOutcome, toOutcome } from "./outcomeColumn.ts"
import { decodeRows } from "./rows.ts"

const KeyRow = Schema.Struct({
  fingerprint: Schema.String,
  message_id: Schema.NullOr(MessageId),
  async: Schema.NullOr(Schema.Boolean),
  outcome: Schema.NullOr(StoredOutcome)
})

const decodeKeys = decodeRows(KeyRow)

/**
 * A row as the domain reads it: the message it accepted, or (a key completed before the outbox) its outcome. A
 * row with neither is a synchronous send of an older version that never finished: none, so it is taken over.
 */
const toRecord = (row: typeof KeyRow.Type): Option.Option<IdempotencyRecord> => {
  if (row.message_id !== null) {
    return Option.some({ _tag: "Message", fingerprint: row.fingerprint, messageId: row.message_id, async: row.async === true })
  }
  if (row.outcome !== null) return Option.some({ _tag: "Outcome", fingerprint: row.fingerprint, outcome: toOutcome(row.outcome) })
  return Option.none()
}

/**
 * `IdempotencyStore` over Postgres: one row per (organisation, key). A claim is an insert in the transaction that
 * inserts the message: of concurrent claims the primary key lets one in, and the others wait for its transaction,
 * then insert nothing and read its row. (`ON CONFLICT DO NOTHING`, then a separate takeover of a legacy row: an
 * `ON CONFLICT DO UPDATE … WHERE` would lock the winner's row on every replay.)
 */
export const IdempotencyStorePg = Layer.effect(
  IdempotencyStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const read = (orgId: OrgId, key: string) =>
      Effect.map(
        Effect.flatMap(sql`SELECT fingerprint, message_id, async, outcome FROM idempotency_keys WHERE org_id = ${orgId} AND key = ${key}`, decodeKeys),
        (rows) => Option.flatMap(Arr.head(rows), toRecord)
      )

    const find = Effect.fn("IdempotencyStorePg.find")(function*(orgId: OrgId, key: string) {
      return yield* read(orgId, key)
    }, storeErrors)

    const claim = Effect.fn("IdempotencyStorePg.claim")(function*(orgId: OrgId, key: string, claim: NewIdempotencyKey) {
      const claimed = yield* sql`
        INSERT INTO idempotency_keys (org_id, key, fingerprint, state, outcome, reserved_at, message_id, async)
        VALUES (${orgId}, ${key}, ${claim.fingerprint}, 'accepted', NULL, ${claim.at}, ${claim.messageId}, ${claim.async})
        ON CONFLICT (org_id, key) DO NOTHING
        RETURNING 1 AS claimed`
      if (claimed.length > 0) return Option.none<IdempotencyRecord>()
      // A legacy row left in progress (no message, no outcome) is taken over; every other row stays and is answered.
      const takenOver = yield* sql`
        UPDATE idempotency_keys SET fingerprint = ${claim.fingerprint}, state = 'accepted', reserved_at = ${claim.at},
          message_id = ${claim.messageId}, async = ${claim.async}
        WHERE org_id = ${orgId} AND key = ${key} AND message_id IS NULL AND outcome IS NULL
        RETURNING 1 AS claimed`
      if (takenOver.length > 0) return Option.none<IdempotencyRecord>()
      const current = yield* read(orgId, key)
      // Nothing deletes keys, and a legacy in-progress row was taken over above: a missing row here is a bug.
      if (Option.isNone(current)) return yield* Effect.die(new Error("an idempotency key that conflicted cannot be read"))
      return current
    }, storeErrors)

    return IdempotencyStore.of({ find, claim })
  })
)
