import type { PgClient } from "@effect/sql-pg"

/**
 * What the pool settings of `PgClient.layer` mean for wagate, measured with @effect/sql-pg 4.0.5:
 *
 * - `maxConnections`: statements (and transactions) that run at once; the rest wait for a connection.
 * - `minConnections`: connections kept open even when idle (the others close after `idleTimeout`, 60 s).
 * - `connectTimeout` (5 s): how long opening a connection may take. A refused or reset connection fails at
 *   once; a server that drops packets fails after this long.
 * - `keepAlive`: TCP keepalive on idle connections, so one whose peer vanished without a reset (NAT, host
 *   gone) is noticed before the next statement is written to it. It does not bound a statement in flight:
 *   callers bound those with `Effect.timeout`.
 * - `connectionTTL`: replaces connections older than this on checkout; not needed for recovery.
 *
 * Recovery needs no setting: a connection whose socket errors or closes is retired by the pool at once, the
 * statement running on it fails with a `SqlError` (never retried by the client), and the next statement opens
 * a new connection. While the server is unreachable each statement fails fast; the first one after it is back
 * succeeds, on the same client (test/embedded-outage.test.ts). Two things to handle around it:
 * - A transaction cut off midway fails with defects, not a typed `SqlError`: its ROLLBACK fails on the dead
 *   connection and `withTransaction` runs the rollback under `Effect.orDie`. Map those defects too.
 * - A statement in a finalizer of the very scope that built the client hangs when the pool must open a
 *   connection for it (the pool is closing). Shutdown writes go in a layer built on top of the client.
 */
export const serverConnectionSettings = {
  maxConnections: 10,
  connectTimeout: "5 seconds",
  idleTimeout: "60 seconds",
  keepAlive: "30 seconds"
} as const satisfies Partial<PgClient.PgPoolConfig>

/**
 * The embedded client: one connection to PGlite's loopback server, opened at start and kept open.
 *
 * One, because PGlite is a single Postgres session: connections through its socket server are multiplexed
 * onto that session, so a second connection would share (and could interleave with) the first one's
 * transaction and session state. Kept open (`minConnections: 1`), because a replaced connection leaves its
 * prepared statements behind in that shared session.
 *
 * Multiplexed (`multiplex: true`), so that an interrupted statement never costs the pool that connection
 * (ADR 0017). PGlite cannot cancel a statement: its socket server ignores a `CancelRequest` and keeps the cancel
 * connection open, so an unmultiplexed client interrupted mid-statement (a client that hung up, a timeout) waits
 * 5 s on that cancel connection, then retires its connection because the cancel was never confirmed; its
 * replacement is refused while the cancel connection holds the server's spare slot, and every statement fails
 * for those seconds. A multiplexed client never cancels a statement it has not pinned: an interrupted caller
 * abandons the result and the statement runs to its end, as PGlite runs it anyway. Statements of one
 * connection are then pipelined (written together, answered in order), which PGlite's server takes one at a
 * time. Pinned work (a transaction) is still cancelled when interrupted: the store runs its transactions
 * uninterruptibly (`stores/transaction.ts`), and nothing else pins the embedded connection.
 */
export const embeddedConnectionSettings = (port: number): PgClient.PgPoolConfig => ({
  host: "127.0.0.1",
  port,
  // What PGlite serves; its socket server ignores the names in the startup packet and asks for no password.
  username: "postgres",
  database: "postgres",
  maxConnections: 1,
  minConnections: 1,
  multiplex: true,
  applicationName: "wagate-embedded"
})
