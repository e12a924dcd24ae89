import { type ApiKey, ApiKeyId, ApiKeyStore, Capability, OrgId, type PageQuery, type Timestamp } from "@wagate/core"
import { Array as Arr, Clock, Effect, Layer, Option, Schema } from "effect"
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

/**
 * How long a key found by its hash is answered from memory: every authenticated request looks its key up, and a
 * revocation must bite within a second (at once when it goes through this store).
 */
export const API_KEY_CACHE_MILLIS = 1000

/** Past this many remembered keys, the expired ones are forgotten. */
const API_KEY_CACHE_LIMIT = 10_000

/**
 * `ApiKeyStore` over Postgres; a key is found by the SHA-256 hash of its secret, the only form stored. A key found
 * by its hash is remembered for `API_KEY_CACHE_MILLIS`; a write to a key through this store forgets it, so a key
 * revoked here is refused on the next request, and one revoked by another process (the CLI) within a second.
 */
export const ApiKeyStorePg = Layer.effect(
  ApiKeyStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const columns = sql`id, org_id, name, capabilities, created_at, last_used_at, revoked_at`
    const keys = (rows: ReadonlyArray<unknown>) => Effect.map(decodeApiKeys(rows), Arr.map(toApiKey))
    const first = (rows: ReadonlyArray<unknown>) => Effect.map(keys(rows), Arr.head)
    const found = new Map<string, { readonly key: ApiKey; readonly at: number }>()
    const hashOf = new Map<ApiKeyId, string>()
    const remember = (hash: string, key: ApiKey, at: number) => {
      if (found.size >= API_KEY_CACHE_LIMIT) {
        for (const [known, entry] of found) {
          if (at - entry.at >= API_KEY_CACHE_MILLIS) {
            found.delete(known)
            hashOf.delete(entry.key.id)
          }
        }
      }
      found.set(hash, { key, at })
      hashOf.set(key.id, hash)
    }
    /** After a write to the key (also when it fails: it may have committed), its next lookup reads the table. */
    const forgetAfter = (id: ApiKeyId) =>
      Effect.ensuring(Effect.sync(() => {
        const hash = hashOf.get(id)
        if (hash !== undefined) found.delete(hash)
        hashOf.delete(id)
      }))

    const insert = Effect.fn("ApiKeyStorePg.insert")(function*(key: ApiKey, hash: string) {
      yield* sql`
        INSERT INTO api_keys (id, org_id, hash, name, capabilities, created_at, last_used_at, revoked_at)
        VALUES (${key.id}, ${key.orgId}, ${hash}, ${key.name}, ${key.capabilities}::text[], ${key.createdAt},
                ${key.lastUsedAt}, ${key.revokedAt})`.pipe(dieOnDuplicateId(`api key id ${key.id} (or its hash)`))
    }, storeErrors)

    const findByHash = Effect.fn("ApiKeyStorePg.findByHash")(function*(hash: string) {
      const now = yield* Clock.currentTimeMillis
      const cached = found.get(hash)
      if (cached !== undefined && now - cached.at < API_KEY_CACHE_MILLIS) return Option.some(cached.key)
      const key = yield* first(yield* sql`SELECT ${columns} FROM api_keys WHERE hash = ${hash}`)
      // Only keys that exist are remembered: a hash not found yet may be inserted by another process.
      if (Option.isSome(key)) remember(hash, key.value, now)
      return key
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
          RETURNING ${columns}`.pipe(forgetAfter(id))
      )
    }, storeErrors)

    const touch = Effect.fn("ApiKeyStorePg.touch")(function*(id: ApiKeyId, at: Timestamp) {
      yield* sql`UPDATE api_keys SET last_used_at = ${at} WHERE id = ${id}`.pipe(forgetAfter(id))
    }, storeErrors)

    return ApiKeyStore.of({ insert, findByHash, findById, list, revoke, touch })
  })
)
