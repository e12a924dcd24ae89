import { PgClient } from "@effect/sql-pg"
import { EventWakeups, type Outbox, type StorePorts } from "@wagate/core"
import { type Duration, Effect, Layer, type Redacted } from "effect"
import * as Migrator from "effect/sql/Migrator"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { migrations, migrationsTable } from "./migrations/index.ts"
import { ApiKeyStorePg } from "./stores/ApiKeyStorePg.ts"
import { AuthStateStorePg } from "./stores/AuthStateStorePg.ts"
import { EventStorePg } from "./stores/EventStorePg.ts"
import { GroupStorePg } from "./stores/GroupStorePg.ts"
import { IdempotencyStorePg } from "./stores/IdempotencyStorePg.ts"
import { ChatStorePg } from "./stores/ChatStorePg.ts"
import { MessageStorePg } from "./stores/MessageStorePg.ts"
import { OutboxPg } from "./stores/OutboxPg.ts"
import { SessionStorePg } from "./stores/SessionStorePg.ts"
import { StoreHealthPg } from "./stores/StoreHealthPg.ts"
import { StoreTransactionPg } from "./stores/StoreTransactionPg.ts"
import { WebhookStorePg } from "./stores/WebhookStorePg.ts"
import { EventWakeupsPg } from "./events/EventWakeupsPg.ts"

/** How to reach a Postgres server by URL. */
export interface PgStoreUrlOptions {
  /** The pool's size (default 10). PGlite behind a socket serves one connection: use 1. */
  readonly maxConnections?: number
  /** How long to wait for a connection to open (default: the driver's). */
  readonly connectTimeout?: Duration.Input
}

// The generic migrator: it needs only the SqlClient (PgMigrator would also want a FileSystem and a shell to
// dump the schema, which wagate does not do). On Postgres it locks its table, so concurrent starts queue.
const runMigrations = Migrator.make({})

// Uninterruptible: a shutdown asked for during the migrations waits for them (they take well under a second,
// and an interrupted one is rolled back anyway). Interrupting one cancels its transaction's statement, which
// PGlite cannot do: its loopback server keeps the cancel connection open, which held the embedded store's
// shutdown up (ADR 0018).
const migrate = runMigrations({ loader: migrations, table: migrationsTable }).pipe(
  Effect.uninterruptible,
  Effect.withSpan("PgStore.migrate")
)

/** The store ports but the outbox's writes, over a `SqlClient`, waking readers of the event log through the `EventWakeups` given. */
const storesWithoutOutbox: Layer.Layer<Exclude<StorePorts, EventWakeups | Outbox>, never, SqlClient | EventWakeups> = Layer.mergeAll(
  SessionStorePg,
  GroupStorePg,
  MessageStorePg,
  ChatStorePg,
  IdempotencyStorePg,
  ApiKeyStorePg,
  EventStorePg,
  AuthStateStorePg,
  WebhookStorePg,
  StoreHealthPg,
  StoreTransactionPg
)

/**
 * Every store port; the outbox's writes are single statements grouped across callers (`OutboxPg`, ADR 0036), on a
 * server and on the embedded database alike.
 */
const stores: Layer.Layer<Exclude<StorePorts, EventWakeups>, never, SqlClient | EventWakeups> = OutboxPg.pipe(
  Layer.provideMerge(storesWithoutOutbox)
)

const layerWithoutMigrations: Layer.Layer<StorePorts, never, SqlClient> = stores.pipe(Layer.provideMerge(EventWakeups.layerInProcess))

/** wagate's store in Postgres: every store port over one `SqlClient` (a server, or PGlite behind a socket). */
export const PgStore: {
  /** Runs the pending migrations, then provides every store port. Needs only a `SqlClient`. */
  readonly layer: Layer.Layer<StorePorts, Migrator.MigrationError | SqlError, SqlClient>
  /**
   * `layer` on a Postgres server shared with other processes: their commits wake this process's readers of the
   * event log too (`LISTEN wagate_events`, a connection of its own). Not for the embedded database.
   */
  readonly layerListening: Layer.Layer<StorePorts, Migrator.MigrationError | SqlError, SqlClient | PgClient.PgClient>
  /** Every store port, for a schema migrated separately (`PgStore.migrate`, e.g. by `wagate migrate`). */
  readonly layerWithoutMigrations: Layer.Layer<StorePorts, never, SqlClient>
  /** Runs the pending migrations; answers the ones it ran, as `[id, name]`. */
  readonly migrate: Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, Migrator.MigrationError | SqlError, SqlClient>
  /** A pooled client (`PgClient` and `SqlClient`) for a Postgres server's URL. */
  readonly layerUrl: (
    url: Redacted.Redacted<string>,
    options?: PgStoreUrlOptions
  ) => Layer.Layer<PgClient.PgClient | SqlClient, SqlError>
} = {
  layer: layerWithoutMigrations.pipe(Layer.provide(Layer.effectDiscard(migrate))),
  layerListening: stores.pipe(Layer.provideMerge(EventWakeupsPg), Layer.provide(Layer.effectDiscard(migrate))),
  layerWithoutMigrations,
  migrate,
  layerUrl: (url, options) =>
    PgClient.layer({
      url,
      applicationName: "wagate",
      maxConnections: options?.maxConnections,
      connectTimeout: options?.connectTimeout
    })
}
