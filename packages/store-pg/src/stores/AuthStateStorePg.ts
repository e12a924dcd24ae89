import { type AuthJson, type AuthKeyWrites, AuthStateStore, type SessionId } from "@wagate/core"
import { Array as Arr, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, whenSessionGone } from "../errors.ts"
import { decodeRows } from "./rows.ts"

const CredentialsRow = Schema.Struct({ credentials: Schema.Json })
const KeyRow = Schema.Struct({ id: Schema.String, value: Schema.Json })

const decodeCredentials = decodeRows(CredentialsRow)
const decodeKeys = decodeRows(KeyRow)

/**
 * `AuthStateStore` over Postgres: credentials by session, Signal keys by (session, type, id). Both reference
 * the session, so removing it removes them. A write for a session that does not exist does nothing.
 */
export const AuthStateStorePg = Layer.effect(
  AuthStateStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()

    const loadCredentials = Effect.fn("AuthStateStorePg.loadCredentials")(function*(sessionId: SessionId) {
      const rows = yield* sql`SELECT credentials FROM auth_credentials WHERE session_id = ${sessionId}`
      return Arr.head((yield* decodeCredentials(rows)).map((row): AuthJson => row.credentials))
    }, storeErrors)

    const saveCredentials = Effect.fn("AuthStateStorePg.saveCredentials")(function*(sessionId: SessionId, credentials: AuthJson) {
      yield* sql`
        INSERT INTO auth_credentials (session_id, credentials) VALUES (${sessionId}, ${JSON.stringify(credentials)}::jsonb)
        ON CONFLICT (session_id) DO UPDATE SET credentials = excluded.credentials`.pipe(whenSessionGone(undefined))
    }, storeErrors)

    const getKeys = Effect.fn("AuthStateStorePg.getKeys")(function*(
      sessionId: SessionId,
      type: string,
      ids: ReadonlyArray<string>
    ) {
      if (ids.length === 0) return {}
      const rows = yield* sql`
        SELECT id, value FROM auth_keys
        WHERE session_id = ${sessionId} AND type = ${type} AND id = ANY (${Arr.dedupe(ids)}::text[])`
      // `fromEntries` defines own properties, so an id such as `__proto__` stays a plain key.
      return Object.fromEntries((yield* decodeKeys(rows)).map((row): [string, AuthJson] => [row.id, row.value]))
    }, storeErrors)

    const setKeys = Effect.fn("AuthStateStorePg.setKeys")(function*(sessionId: SessionId, writes: AuthKeyWrites) {
      if (Object.values(writes).every((byId) => Object.keys(byId).length === 0)) return
      // One statement, so the batch is one transaction without holding a connection across round trips: the
      // writes are unpacked from one JSON parameter; a JSON null deletes the key, anything else upserts it.
      yield* sql`
        WITH writes AS (
          SELECT t.key AS type, k.key AS id, k.value AS value
          FROM jsonb_each(${JSON.stringify(writes)}::jsonb) AS t, jsonb_each(t.value) AS k
        ),
        deleted AS (
          DELETE FROM auth_keys a USING writes w
          WHERE a.session_id = ${sessionId} AND a.type = w.type AND a.id = w.id AND jsonb_typeof(w.value) = 'null'
        )
        INSERT INTO auth_keys (session_id, type, id, value)
        SELECT ${sessionId}::text, w.type, w.id, w.value FROM writes w WHERE jsonb_typeof(w.value) <> 'null'
        ON CONFLICT (session_id, type, id) DO UPDATE SET value = excluded.value`.pipe(whenSessionGone(undefined))
    }, storeErrors)

    const clear = Effect.fn("AuthStateStorePg.clear")(function*(sessionId: SessionId) {
      yield* sql`
        WITH keys AS (DELETE FROM auth_keys WHERE session_id = ${sessionId})
        DELETE FROM auth_credentials WHERE session_id = ${sessionId}`
    }, storeErrors)

    return AuthStateStore.of({ loadCredentials, saveCredentials, getKeys, setKeys, clear })
  })
)
