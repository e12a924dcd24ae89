import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { PgClient } from "@effect/sql-pg"
import { storeContract } from "@wagate/testing"
import { Effect, Layer } from "effect"
import { PgStore } from "../src/index.ts"

/**
 * An in-memory PGlite (no data directory) served on a random loopback port for the life of the layer, and a
 * client with a pool of one connection: PGlite serves one session at a time.
 */
const pgliteClient = Layer.unwrap(
  Effect.gen(function*() {
    const db = yield* Effect.acquireRelease(Effect.promise(() => PGlite.create()), (db) => Effect.promise(() => db.close()))
    const server = yield* Effect.acquireRelease(
      Effect.promise(async () => {
        const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 })
        await server.start()
        return server
      }),
      (server) => Effect.promise(() => server.stop())
    )
    const port = Number(server.getServerConn().split(":").at(-1))
    return PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres", maxConnections: 1 })
  })
)

// The live clock: the driver's pool and connect timeouts keep timers, which a TestClock would freeze.
storeContract("PgStore over PGlite", PgStore.layer.pipe(Layer.provide(pgliteClient)), {
  excludeTestServices: true,
  timeout: "2 minutes"
})
