import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect } from "effect"
import * as Fs from "node:fs"
import { seedDataDir } from "./DataDirTemplate.ts"
import { EmbeddedPostgresError } from "./errors.ts"
import { pgliteStartParams } from "./pgliteSettings.ts"

/**
 * Opens PGlite on `pgdata` (in memory when `undefined`) for the life of the scope; a new `pgdata` is first seeded
 * from the template (`seedDataDir`). Closing the scope closes PGlite, which shuts its Postgres down cleanly: the
 * data directory is consistent afterwards.
 */
export const openPglite = Effect.fn("EmbeddedPostgres.openPglite")(function*(pgdata: string | undefined, label: string) {
  if (pgdata !== undefined) yield* seedDataDir(pgdata, label)
  return yield* Effect.acquireRelease(
    Effect.tryPromise({
      try: () => {
        const options = { startParams: [...pgliteStartParams] }
        if (pgdata === undefined) return PGlite.create(options)
        Fs.mkdirSync(pgdata, { recursive: true })
        return PGlite.create(pgdata, options)
      },
      catch: (cause) => new EmbeddedPostgresError({ dataDir: label, operation: "open", cause })
    }),
    (db) =>
      Effect.tryPromise(() => db.close()).pipe(
        Effect.catch((error) => Effect.logWarning(`embedded Postgres ${label} did not close cleanly`, error))
      )
  )
})

/** How long stopping the loopback server may take before PGlite is closed regardless. */
const stopWithin = "2 seconds"

/**
 * Serves `db` over the Postgres wire protocol on a free 127.0.0.1 port for the life of the scope, and returns
 * the port. The server ignores the user and database of the startup packet: every connection is PGlite's one
 * session (user `postgres`, database `postgres`), with no password.
 */
export const servePglite = Effect.fn("EmbeddedPostgres.servePglite")(function*(db: PGlite, label: string) {
  const serveError = (cause: unknown) => new EmbeddedPostgresError({ dataDir: label, operation: "serve", cause })
  const server = yield* Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        // Two slots for a pool of one: the second only lets a replacement connection in while the server has
        // not yet seen the old one close (it would otherwise answer "Too many connections" and hang up).
        const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 2 })
        await server.start()
        return server
      },
      catch: serveError
    }),
    // `stop()` waits for every connection to close, and one that reached the server as it stopped is only
    // half-closed by it: a peer that never closes its side (a client abandoned mid-connect) would hold the
    // shutdown forever. Past the bound, PGlite is closed anyway and the process can exit.
    (server) =>
      Effect.tryPromise(() => server.stop()).pipe(
        Effect.timeoutOrElse({
          duration: stopWithin,
          orElse: () => Effect.logWarning(`embedded Postgres ${label}: the loopback server did not stop within ${stopWithin}`)
        }),
        Effect.catch((error) => Effect.logWarning(`embedded Postgres ${label}: the loopback server did not stop cleanly`, error))
      )
  )
  // `getServerConn()` is "127.0.0.1:<port>" once started; the port it chose is not exposed otherwise.
  const port = Number(server.getServerConn().split(":").at(-1))
  if (!Number.isInteger(port) || port <= 0) {
    return yield* serveError(new Error(`unexpected listening address ${server.getServerConn()}`))
  }
  return port
})
