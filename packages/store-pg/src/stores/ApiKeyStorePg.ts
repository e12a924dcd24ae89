import { type ApiKey, ApiKeyId, ApiKeyStore, Capability, OrgId, type PageQuery, type Timestamp } from "@wagate/core"
import { Array as Arr, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { dieOnDuplicateId, storeErrors } from "../errors.ts"
import { toPage } from "./paging.ts"
import { decodeRows, TimestampColumn } from "./rows.ts"

const ApiKeyRow = Schema.Struct({
  id: ApiKeyId,
  org_id: OrgId,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Capability),
  created_at: TimestampColumn,
  last_used_at: Schema.NullOr(TimestampColumn),
  revoked_at: Schema.NullOr(TimestampColumn)
})

const toApiKey = (row: typeof ApiKeyRow.Type): ApiKey => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  capabilities: row.capabilities,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at
})

const decodeApiKeys = decodeRows(ApiKeyRow)

/** `ApiKeyStore` over Postgres; a key is found by the SHA-256 hash of its secret, the only form stored. */
export const ApiKeyStorePg = Layer.effect(
  ApiKeyStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const columns = sql`id, org_id, name, capabilities, created_at, last_used_at, revoked_at`
    const keys = (rows: ReadonlyArray<unknown>) => Effect.map(decodeApiKeys(rows), Arr.map(toApiKey))
    const first = (rows: ReadonlyArray<unknown>) => Effect.map(keys(rows), Arr.head)

    const insert = Effect.fn("ApiKeyStorePg.insert")(function*(key: ApiKey, hash: string) {
      yield* sql`
        INSERT INTO api_keys (id, org_id, hash, name, capabilities, created_at, last_used_at, revoked_at)
        VALUES (${key.id}, ${key.orgId}, ${hash}, ${key.name}, ${key.capabilities}::text[], ${key.createdAt},
                ${key.lastUsedAt}, ${key.revokedAt})`.pipe(dieOnDuplicateId(`api key id ${key.id} (or its hash)`))
    }, storeErrors)

    const findByHash = Effect.fn("ApiKeyStorePg.findByHash")(function*(hash: string) {
      return yield* first(yield* sql`SELECT ${columns} FROM api_keys WHERE hash = ${hash}`)
    }, storeErrors)

    const findById = Effect.fn("ApiKeyStorePg.findById")(function*(id: ApiKeyId) {
      return yield* first(yield* sql`SELECT ${columns} FROM api_keys WHERE id = ${id}`)
    }, storeErrors)

    const list = Effect.fn("ApiKeyStorePg.list")(function*(orgId: OrgId, page: PageQuery) {
      const rows = yield* sql`
        SELECT ${columns} FROM api_keys
        WHERE org_id = ${orgId} ${page.after === null ? sql`` : sql`AND id > ${page.after}`}
        ORDER BY id
        LIMIT ${page.limit + 1}`
      return toPage(yield* keys(rows), page.limit, (key) => key.id)
    }, storeErrors)

    const revoke = Effect.fn("ApiKeyStorePg.revoke")(function*(orgId: OrgId, id: ApiKeyId, at: Timestamp) {
      // Revoking twice keeps the first time: that is when the key stopped working.
      return yield* first(
        yield* sql`
          UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ${at})
          WHERE org_id = ${orgId} AND id = ${id}
          RETURNING ${columns}`
      )
    }, storeErrors)

    const touch = Effect.fn("ApiKeyStorePg.touch")(function*(id: ApiKeyId, at: Timestamp) {
      yield* sql`UPDATE api_keys SET last_used_at = ${at} WHERE id = ${id}`
    }, storeErrors)

    return ApiKeyStore.of({ insert, findByHash, findById, list, revoke, touch })
  })
)
