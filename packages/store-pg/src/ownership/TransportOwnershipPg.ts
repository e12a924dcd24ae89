import { PgClient } from "@effect/sql-pg"
import { type Ownership, TransportOwnership } from "@wagate/core"
import { Effect, Layer, type Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/**
 * The advisory lock whose holder owns the WhatsApp connections of a database: the two-key form, the first key
 * "wage" as the event store's append lock, the second one of its own ("wa" transport). Advisory locks are per
 * database, so gateways on different databases of one server do not meet here.
 */
export const TRANSPORT_LOCK = { classId: 0x77616765, objectId: 0x7761 } as const

interface HolderRow {
  readonly pid: number
  readonly application_name: string | null
  readonly client: string | null
}

/** Who holds the lock, for the start-up line: the Postgres backend's pid, client address and application name. */
const describeHolder = (rows: ReadonlyArray<HolderRow>): string => {
  const [row] = rows
  if (row === undefined) return "another process (it released the lock while we looked)"
  const client = row.client === null ? "" : ` from ${row.client}`
  const application = row.application_name === null || row.application_name === "" ? "" : ` (${row.application_name})`
  return `another gateway process${application}, Postgres backend pid ${row.pid}${client}`
}

/**
 * Takes the lock on a connection reserved for the life of the scope: session-level advisory locks belong to the
 * connection, so the connection must not go back to a pool (nor be shared by a transaction that might end it).
 */
const claim = Effect.gen(function*() {
  const sql = (yield* SqlClient).withoutTransforms()
  const connection = yield* sql.reserve
  const [taken] = yield* connection.execute(
    "SELECT pg_try_advisory_lock($1, $2) AS owner",
    [TRANSPORT_LOCK.classId, TRANSPORT_LOCK.objectId],
    undefined
  )
  if (taken?.owner === true) {
    const ownership: Ownership = { _tag: "Owner" }
    return ownership
  }
  const holders: ReadonlyArray<HolderRow> = yield* connection.execute(
    `SELECT a.pid, a.application_name, a.client_addr::text AS client
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [TRANSPORT_LOCK.classId, TRANSPORT_LOCK.objectId],
    undefined
  )
  const ownership: Ownership = { _tag: "Observer", holder: describeHolder(holders) }
  return ownership
}).pipe(Effect.withSpan("TransportOwnershipPg.claim"))

const layer: Layer.Layer<TransportOwnership, SqlError, SqlClient> = Layer.effect(
  TransportOwnership,
  Effect.map(claim, (ownership) => TransportOwnership.of({ ownership }))
)

/**
 * One owner per Postgres database: a session-level advisory lock (`TRANSPORT_LOCK`) taken at start-up on a
 * connection held until the layer's scope closes; the process that got it is the `Owner`, every other one an
 * `Observer`. Postgres drops the lock with the connection, so a crashed owner frees it at once.
 */
export const TransportOwnershipPg: {
  /** On a connection reserved from the given client's pool for the life of the layer. */
  readonly layer: Layer.Layer<TransportOwnership, SqlError, SqlClient>
  /** On a dedicated connection of its own to the server at `url` (the pool keeps all of its connections). */
  readonly layerUrl: (url: Redacted.Redacted<string>) => Layer.Layer<TransportOwnership, SqlError>
} = {
  layer,
  layerUrl: (url) =>
    layer.pipe(Layer.provide(PgClient.layer({ url, applicationName: "wagate", maxConnections: 1, minConnections: 1 })))
}
