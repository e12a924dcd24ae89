/**
 * Postgres inside the wagate process: PGlite (Postgres compiled to WebAssembly) on a data directory, served on
 * a private loopback port and reached through the same `PgClient` / `SqlClient` the server mode uses, so the
 * store adapter and its migrations run unchanged on both.
 *
 * The pool has ONE connection: PGlite is a single session (see `embeddedConnectionSettings`). Statements from
 * many fibers queue for it; a transaction holds it until it ends.
 *
 * No LISTEN/NOTIFY: PGlite has one session, so there is no other session to notify, and `PgClient.listen`
 * would hold the pool's only connection for as long as it listens, starving every other statement. In embedded
 * mode, news between components (e.g. "an event was appended") must travel over an in-process channel (a
 * `PubSub` in a shared layer), not through `PgClient.listen` / `notify`.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as Path from "node:path"
import { embeddedConnectionSettings } from "./connectionSettings.ts"
import { acquireDataDirLock } from "./DataDirLock.ts"
import type { DataDirLocked, EmbeddedPostgresError } from "./errors.ts"
import { openPglite, servePglite } from "./PgliteServer.ts"

/**
 * PGlite on `pgdata` (in memory when `undefined`), its loopback server, and a one-connection client to it.
 * The scope closes them in reverse: client, server, then PGlite (which flushes the data).
 *
 * Uninterruptible: a shutdown asked for while the database opens waits for it to be open (a second or two:
 * PGlite blocks the thread meanwhile anyway), then closes it in order. Interrupted midway, the client would
 * abandon its half-open connection, and the server's stop would wait for that connection forever.
 */
const serve = (pgdata: string | undefined, label: string) =>
  Effect.uninterruptible(Effect.gen(function*() {
    const db = yield* openPglite(pgdata, label)
    const port = yield* servePglite(db, label)
    yield* Effect.logDebug(`embedded Postgres ${label} serving on 127.0.0.1:${port}`)
    return yield* PgClient.make(embeddedConnectionSettings(port))
  })).pipe(Effect.withSpan("EmbeddedPostgres.serve"))

/**
 * Embedded Postgres on `dataDir` (created if missing): takes the directory's lock (`<dataDir>/wagate.lock`;
 * fails with `DataDirLocked` naming the holder while another live process has it), keeps the database in
 * `<dataDir>/pgdata`, and provides `PgClient` and `SqlClient`. Closing the layer's scope closes the client,
 * stops the loopback server, closes PGlite and then releases the lock.
 */
export const layer = (
  dataDir: string
): Layer.Layer<PgClient.PgClient | SqlClient, DataDirLocked | EmbeddedPostgresError | SqlError> =>
  PgClient.layerFrom(Effect.gen(function*() {
    const directory = Path.resolve(dataDir)
    yield* acquireDataDirLock(directory)
    return yield* serve(Path.join(directory, "pgdata"), directory)
  }))

/** Embedded Postgres in memory: no directory, no lock; gone when the scope closes. For tests. */
export const layerMemory: Layer.Layer<PgClient.PgClient | SqlClient, EmbeddedPostgresError | SqlError> = PgClient
  .layerFrom(serve(undefined, "memory"))
