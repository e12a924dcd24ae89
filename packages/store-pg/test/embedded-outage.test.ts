/**
 * Outage behaviour of the `PgClient` pool, against the real server (`WAGATE_TEST_DATABASE_URL`) through a
 * loopback TCP proxy that can be severed. Named with the embedded tests because it answers the question for
 * both modes: after an outage, does the same client work again, or must the layer be rebuilt?
 *
 * Answers (@effect/sql-pg 4.0.5, effect 4.1.0), no setting needed:
 * - A connection whose socket errors or closes is retired by the pool at once; the next statement opens a new
 *   one. While the server is unreachable each statement fails fast with a `SqlError` (`ConnectionError`); the
 *   first statement after it is back succeeds, on the same client. Statements are never retried by the client.
 * - A transaction cut off midway fails with DEFECTS, not a typed `SqlError`: its ROLLBACK fails on the dead
 *   connection and `withTransaction` runs the rollback under `Effect.orDie`. Code that maps `SqlError` to a port
 *   error must also map these defects, or an outage inside a transaction dies instead of answering 503.
 * - A statement in a finalizer of the scope that built the client hangs if the pool has to open a connection
 *   (the pool's scope is already closing). Shutdown writes belong in a layer built on top of the client.
 */
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import type { Scope } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import { isSqlError } from "effect/sql/SqlError"
import * as DiagnosticsChannel from "node:diagnostics_channel"
import type * as Net from "node:net"
import { serverConnectionSettings } from "../src/embedded/index.ts"
import { makeTcpProxy } from "../src/testing/tcpProxy.ts"
import type { TcpProxy } from "../src/testing/tcpProxy.ts"

const timeout = 60_000

/** The server under test; a missing variable fails every test here rather than skipping it. */
const databaseUrl = Effect.suspend(() => {
  const url = process.env.WAGATE_TEST_DATABASE_URL
  return url === undefined || url === ""
    ? Effect.die(
      new Error(
        "WAGATE_TEST_DATABASE_URL is not set: the outage tests need a Postgres server, e.g. postgres://postgres@127.0.0.1:5432/test"
      )
    )
    : Effect.succeed(new URL(url))
})

/** Client settings that send every connection through `proxy`; user, password and database come from the URL. */
const throughProxy = Effect.fn("test.throughProxy")(function*(settings: Partial<PgClient.PgPoolConfig>, proxy: TcpProxy) {
  const url = yield* databaseUrl
  // Explicit host and port win over the URL's.
  return { ...settings, url: Redacted.make(url.toString()), host: "127.0.0.1", port: proxy.port }
})

const proxyToServer: Effect.Effect<TcpProxy, never, Scope.Scope> = Effect.flatMap(
  databaseUrl,
  (url) => makeTcpProxy({ targetHost: url.hostname, targetPort: Number(url.port || "5432") })
)

/** A client whose connections go through a severable proxy in front of the test server. */
const clientBehindProxy = Effect.fn("test.clientBehindProxy")(function*(settings: Partial<PgClient.PgPoolConfig>) {
  const proxy = yield* proxyToServer
  const client = yield* PgClient.make(yield* throughProxy(settings, proxy))
  return { client, proxy }
})

/**
 * The TCP sockets this process opens while the scope is open (Node's `net.client.socket` channel): the pool's
 * connections to the proxy and the proxy's to the server. `allClosed` waits for each one's close event. The
 * pool retires a connection in its socket's close handler, which runs in that same event, after this one's.
 */
const openedSockets = Effect.acquireRelease(
  Effect.sync(() => {
    const closed: Array<Promise<void>> = []
    const onSocket = (message: unknown) => {
      const { socket } = message as { readonly socket: Net.Socket }
      closed.push(new Promise((resolve) => socket.once("close", () => resolve())))
    }
    DiagnosticsChannel.subscribe("net.client.socket", onSocket)
    const allClosed = Effect.promise(() => Promise.all(closed)).pipe(
      Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.die(new Error("a severed socket never closed")) })
    )
    return { onSocket, allClosed }
  }),
  ({ onSocket }) => Effect.sync(() => DiagnosticsChannel.unsubscribe("net.client.socket", onSocket))
)

const selectOne = (client: SqlClient) => client<{ one: number }>`SELECT 1 AS one`

/** How a statement failed: each reason of the cause, as `Fail:<SqlError reason>` or `Die:<SqlError reason>`. */
const failureShape = <A, E>(exit: Exit.Exit<A, E>): ReadonlyArray<string> => {
  if (Exit.isSuccess(exit)) return ["succeeded"]
  return exit.cause.reasons.map((reason) => {
    const error = Cause.isFailReason(reason) ? reason.error : Cause.isDieReason(reason) ? reason.defect : undefined
    return `${reason._tag}:${isSqlError(error) ? error.reason._tag : "not a SqlError"}`
  })
}

const settingsUnderTest = [
  ["a pool of one connection (as embedded mode runs)", { maxConnections: 1 }],
  ["serverConnectionSettings", serverConnectionSettings]
] as const

describe("PgClient pool through an outage", () => {
  for (const [name, settings] of settingsUnderTest) {
    it.live(`${name}: statements fail while the server is cut off and succeed after, on the same client`, () =>
      Effect.gen(function*() {
        const { client, proxy } = yield* clientBehindProxy(settings)
        assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])

        yield* proxy.sever
        for (let i = 0; i < 3; i++) {
          const exit = yield* Effect.exit(selectOne(client))
          assert.deepStrictEqual(failureShape(exit), ["Fail:ConnectionError"], `statement ${i} during the outage`)
        }

        yield* proxy.restore
        const acceptedBefore = yield* proxy.acceptedConnections
        assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }], "the first statement after the outage succeeds")
        for (let i = 0; i < 20; i++) assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])
        const committed = yield* client.withTransaction(client<{ two: number }>`SELECT 2 AS two`)
        assert.deepStrictEqual(committed, [{ two: 2 }])
        assert.strictEqual(yield* proxy.acceptedConnections, acceptedBefore + 1, "one new connection serves it all")
      }).pipe(Effect.provide(Reactivity.layer)), timeout)
  }

  it.live("an outage while the pool is idle costs no statement: the dead connection is retired before the next one", () =>
    Effect.gen(function*() {
      const sockets = yield* openedSockets
      const { client, proxy } = yield* clientBehindProxy({ maxConnections: 1 })
      yield* selectOne(client)
      yield* proxy.sever
      // The reset reaches the client socket; the pool retires the connection on its close event.
      yield* sockets.allClosed
      yield* proxy.restore
      assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])
    }).pipe(Effect.provide(Reactivity.layer)), timeout)

  it.live("a transaction cut off midway fails with defects (not a typed SqlError); the next one commits; the server kept nothing of the first", () =>
    Effect.gen(function*() {
      const { client, proxy } = yield* clientBehindProxy({ maxConnections: 1 })
      const table = `wagate_outage_${process.pid}_${Date.now()}`
      yield* client`CREATE TABLE ${client(table)} (id integer PRIMARY KEY)`

      yield* Effect.gen(function*() {
        const cut = yield* Effect.exit(client.withTransaction(Effect.gen(function*() {
          yield* client`INSERT INTO ${client(table)} VALUES (1)`
          yield* proxy.sever
          yield* client`INSERT INTO ${client(table)} VALUES (2)`
        })))
        const shape = failureShape(cut)
        assert.isNotEmpty(shape)
        for (const reason of shape) {
          assert.strictEqual(reason, "Die:ConnectionError", `every reason is a defect carrying the SqlError: ${shape}`)
        }

        yield* proxy.restore
        yield* client.withTransaction(client`INSERT INTO ${client(table)} VALUES (3)`)
        const rows = yield* client<{ id: number }>`SELECT id FROM ${client(table)} ORDER BY id`
        assert.deepStrictEqual(rows, [{ id: 3 }], "Postgres rolled back the cut transaction when its connection dropped")
      }).pipe(
        // Not a finalizer of this scope: the client's pool closes with it (see the last test).
        Effect.ensuring(proxy.restore.pipe(Effect.andThen(Effect.ignore(client`DROP TABLE IF EXISTS ${client(table)}`))))
      )
    }).pipe(Effect.provide(Reactivity.layer)), timeout)

  it.live("after an outage, a layer built on the client can still write from its finalizer at shutdown", () =>
    Effect.gen(function*() {
      const proxy = yield* proxyToServer
      const settings = yield* throughProxy({ maxConnections: 1 }, proxy)
      let wroteAtShutdown = false
      const ShutdownWriter = Layer.effectDiscard(Effect.gen(function*() {
        const sql = yield* SqlClient
        yield* selectOne(sql)
        yield* Effect.addFinalizer(() =>
          Effect.flatMap(selectOne(sql), () =>
            Effect.sync(() => {
              wroteAtShutdown = true
            })).pipe(
            Effect.timeout("10 seconds"),
            Effect.ignore
          )
        )
      }))
      // The outage leaves the pool without a connection, so the finalizer's statement must open one.
      const sockets = yield* openedSockets
      yield* Effect.scoped(Effect.gen(function*() {
        yield* Layer.build(ShutdownWriter.pipe(Layer.provide(PgClient.layer(settings))))
        yield* proxy.sever
        yield* sockets.allClosed
        yield* proxy.restore
      }))
      assert.isTrue(wroteAtShutdown)
    }), timeout)
})
