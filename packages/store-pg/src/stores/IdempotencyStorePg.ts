import {
  type IdempotentOutcome,
  IdempotencyStore,
  type OrgId,
  type Reservation,
  type StoreUnavailable,
  type Timestamp
} from "@wagate/core"
import { Array as Arr, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { storeErrors, storeUnavailable } from "../errors.ts"
import { StoredOutcome, toOutcome } from "./outcomeColumn.ts"
import { decodeRows } from "./rows.ts"

const KeyRow = Schema.Struct({ fingerprint: Schema.String, outcome: Schema.NullOr(StoredOutcome) })

const decodeKeys = decodeRows(KeyRow)

/**
 * A reservation reads the key after failing to claim it; a key released in between is claimed again. Each round
 * needs a release to land between two statements, so a few rounds suffice.
 */
const MAX_RESERVE_ROUNDS = 5

/** `IdempotencyStore` over Postgres: one row per (organisation, key); `outcome` is null while in progress. */
export const IdempotencyStorePg = Layer.effect(
  IdempotencyStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()

    const reserve = Effect.fn("IdempotencyStorePg.reserve")(function*(
      orgId: OrgId,
      key: string,
      fingerprint: string,
      at: Timestamp
    ): Effect.fn.Return<Reservation, SqlError | StoreUnavailable> {
      for (let round = 0; round < MAX_RESERVE_ROUNDS; round++) {
        // The insert is the atomic claim: of concurrent callers exactly one inserts; the others wait for it to
        // commit and then insert nothing. Reading in a second statement sees the winner's row.
        const claimed = yield* sql`
          INSERT INTO idempotency_keys (org_id, key, fingerprint, state, outcome, reserved_at)
          VALUES (${orgId}, ${key}, ${fingerprint}, 'in_progress', NULL, ${at})
          ON CONFLICT (org_id, key) DO NOTHING
          RETURNING 1 AS claimed`
        if (claimed.length > 0) return { _tag: "Reserved" }
        const current = Arr.head(
          yield* decodeKeys(yield* sql`SELECT fingerprint, outcome FROM idempotency_keys WHERE org_id = ${orgId} AND key = ${key}`)
        )
        if (Option.isSome(current)) {
          const { fingerprint: first, outcome } = current.value
          return outcome === null
            ? { _tag: "InProgress", fingerprint: first }
            : { _tag: "Completed", fingerprint: first, outcome: toOutcome(outcome) }
        }
      }
      return yield* Effect.fail(storeUnavailable())
    }, storeErrors)

    const complete = Effect.fn("IdempotencyStorePg.complete")(function*(orgId: OrgId, key: string, outcome: IdempotentOutcome) {
      // Completing a key nobody reserved (or one released since) updates no row, so records nothing.
      yield* sql`
        UPDATE idempotency_keys SET state = 'completed', outcome = ${JSON.stringify(outcome)}::jsonb
        WHERE org_id = ${orgId} AND key = ${key}`
    }, storeErrors)

    const release = Effect.fn("IdempotencyStorePg.release")(function*(orgId: OrgId, key: string) {
      yield* sql`DELETE FROM idempotency_keys WHERE org_id = ${orgId} AND key = ${key}`
    }, storeErrors)

    return IdempotencyStore.of({ reserve, complete, release })
  })
)
