/**
 * What an interrupted statement costs the embedded client (issue 8 item 6, ADR 0017). PGlite's socket server is
 * reached through a proxy that can hold its replies back, so a statement is certainly in flight when its fiber
 * is interrupted (a client hanging up on the HTTP request that ran it).
 *
 * Answers (@effect/sql-pg 4.0.5, pglite-socket 0.2.17):
 * - Unmultiplexed, the driver sends a `CancelRequest` on a side connection, which PGlite's server ignores and
 *   keeps open; the connection is then retired and replaced: an interrupt costs the pool its connection.
 * - With the embedded settings (multiplexed), the interrupted caller abandons the result; the statement runs to
 *   its end on the same connection, and no other connection is opened.
 * - The store's transactions are carried out whole: an interrupted write still commits, on the same connection.
 */
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { GroupStore, SessionStore } from "@wagate/core"
import { StoreFixtures } from "@wagate/testing"
import { Effect, Fiber, Layer, Schedule } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqlClient } from "effect/sql/SqlClient"
import { embeddedConnectionSettings } from "../src/embedded/connectionSettings.ts"
import { openPglite, servePglite } from "../src/embedded/PgliteServer.ts"
import { PgStore } from "../src/PgStore.ts"
import { makeTcpProxy, type TcpProxy } from "../src/testing/tcpProxy.ts"

const timeout = 60_000

/** An in-memory PGlite on its loopback server, a proxy in front of it, and a client with `settings` through it. */
const clientBehindProxy = Effect.fn("test.clientBehindProxy")(function*(settings: Partial<PgClient.PgPoolConfig>) {
  const db = yield* openPglite(undefined, "memory")
  const port = yield* servePglite(db, "memory")
  const proxy = yield* makeTcpProxy({ targetHost: "127.0.0.1", targetPort: port })
  const client = yield* PgClient.make({ ...embeddedConnectionSettings(proxy.port), ...settings })
  return { client, proxy }
})

/** Polls `value` until `holds` (with a deadline). */
const waitFor = <A>(value: Effect.Effect<A>, holds: (a: A) => boolean, what: string) =>
  value.pipe(
    Effect.filterOrFail(holds, () => new Error(`still waiting for ${what}`)),
    Effect.retry(Schedule.spaced("5 millis")),
    Effect.timeout("10 seconds")
  )

/** Starts `statement` with the replies held back; resolves with its fiber once it is on the wire. */
const startHeld = Effect.fn("test.startHeld")(function*<A, E>(proxy: TcpProxy, statement: Effect.Effect<A, E>) {
  yield* proxy.holdReplies
  const sent = yield* proxy.bytesFromClients
  const fiber = yield* Effect.forkChild(statement)
  yield* waitFor(proxy.bytesFromClients, (now) => now > sent, "the statement to be sent")
  return fiber
})

const selectOne = (client: SqlClient) => client<{ one: number }>`SELECT 1 AS one`

describe("an interrupted statement on the embedded client", () => {
  it.live("unmultiplexed, it is cancelled on a side connection and the connection is replaced (why the embedded client multiplexes)", () =>
    Effect.gen(function*() {
      const { client, proxy } = yield* clientBehindProxy({ multiplex: false })
      assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])
      assert.strictEqual(yield* proxy.acceptedConnections, 1)
      const fiber = yield* startHeld(proxy, client`SELECT 2 AS two`)
      // The interruption waits for the statement to drain, and after a short grace sends the cancel.
      const interrupting = yield* Effect.forkChild(Fiber.interrupt(fiber))
      yield* waitFor(proxy.acceptedConnections, (n) => n === 2, "the cancel connection")
      yield* proxy.releaseReplies
      yield* Fiber.join(interrupting)
      assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])
      assert.isAtLeast(yield* proxy.acceptedConnections, 3, "the connection was replaced after the cancel")
    }).pipe(Effect.provide(Reactivity.layer)), timeout)

  it.live("with the embedded settings, it runs to its end on the same connection and costs no statement", () =>
    Effect.gen(function*() {
      const { client, proxy } = yield* clientBehindProxy({})
      assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }])
      for (let round = 0; round < 20; round++) {
        const fiber = yield* startHeld(proxy, client`SELECT ${round}::int AS round`)
        // Done while the reply is still held back: the caller abandons the statement and waits for nothing.
        yield* Fiber.interrupt(fiber)
        yield* proxy.releaseReplies
        assert.deepStrictEqual(yield* selectOne(client), [{ one: 1 }], `the statement after interruption ${round}`)
      }
      assert.strictEqual(yield* proxy.acceptedConnections, 1, "no cancel connection, no replacement")
    }).pipe(Effect.provide(Reactivity.layer)), timeout)

  it.live("a store write interrupted mid-transaction is carried out whole, on the same connection", () =>
    Effect.gen(function*() {
      const { client, proxy } = yield* clientBehindProxy({})
      yield* Effect.gen(function*() {
        const sessions = yield* SessionStore
        const groups = yield* GroupStore
        const owner = { orgId: StoreFixtures.freshOrgId(), sessionId: StoreFixtures.freshSessionId() }
        yield* sessions.insert(StoreFixtures.makeSession(owner.orgId, owner.sessionId))
        const groupJid = StoreFixtures.groupJids()(1)
        yield* groups.upsert(owner, StoreFixtures.makeGroupInfo(groupJid), StoreFixtures.at(1))
        const acceptedBefore = yield* proxy.acceptedConnections

        const add = groups.applyParticipants(owner, groupJid, "add", [{ jid: StoreFixtures.userJid(2) }, { jid: StoreFixtures.userJid(3) }], StoreFixtures.at(2))
        const fiber = yield* startHeld(proxy, add)
        // The interruption waits for the transaction, which needs its replies: let them through meanwhile.
        const interrupting = yield* Effect.forkChild(Fiber.interrupt(fiber))
        yield* proxy.releaseReplies
        yield* Fiber.join(interrupting)

        const group = StoreFixtures.getSome(yield* groups.get(owner, groupJid), "the group")
        assert.strictEqual(group.participants, 3, "the interrupted write committed")
        assert.strictEqual(yield* proxy.acceptedConnections, acceptedBefore, "no cancel connection, no replacement")
      }).pipe(Effect.provide(PgStore.layer.pipe(Layer.provide(Layer.succeed(SqlClient, client)))))
    }).pipe(Effect.provide(Reactivity.layer)), timeout)
})
