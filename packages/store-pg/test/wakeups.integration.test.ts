import { assert, describe, it } from "@effect/vitest"
import { EventStore, EventWakeups, SessionId } from "@wagate/core"
import { StoreFixtures } from "@wagate/testing"
import { Context, Effect, Layer, PubSub } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { PgStore } from "../src/index.ts"
import { testDatabase, testDatabaseUrl, withDatabase } from "../src/testing/index.ts"

/**
 * `PgStore.layerListening`: two stores on one database, as two gateway processes have (each its own pool); a commit
 * through one wakes the readers of the other (`LISTEN wagate_events`, NOTIFYed by the `events` trigger at commit).
 */
describe("event wake-ups across processes", () => {
  it.live("an event committed through one store wakes the other's readers, which then read it", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = testDatabaseUrl()
      const name = yield* testDatabase(base)
      const store = () => PgStore.layerListening.pipe(Layer.provideMerge(PgStore.layerUrl(withDatabase(base, name), { maxConnections: 4 })))
      const one = yield* Layer.build(store())
      const two = yield* Layer.build(store())

      // Each store holds a listening connection once its layer is up: bounded polling of Postgres's own view.
      const sql = Context.get(one, SqlClient)
      const listeners = sql<{ readonly count: number }>`
        SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = ${name} AND query ILIKE 'LISTEN%'`
      let listening = 0
      for (let attempt = 0; attempt < 100 && listening < 2; attempt++) {
        listening = (yield* listeners)[0]?.count ?? 0
        if (listening < 2) yield* Effect.sleep("50 millis")
      }
      assert.strictEqual(listening, 2, "both stores listen on wagate_events")

      const wake = yield* Context.get(two, EventWakeups).subscribe
      const event = yield* Context.get(one, EventStore).append(
        StoreFixtures.freshOrgId(),
        { type: "session.status", sessionId: SessionId.make("far"), data: { status: "connected", phoneJid: null, lid: null } },
        StoreFixtures.at(0)
      )
      yield* PubSub.take(wake).pipe(Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.die(new Error("no wake-up")) }))
      // The rows are read from the table, by the other store, once the commit is visible.
      let seen = false
      for (let attempt = 0; attempt < 100 && !seen; attempt++) {
        seen = (yield* Context.get(two, EventStore).feed(null, 1000)).some((row) => row.id === event.id)
        if (!seen) yield* PubSub.take(wake).pipe(Effect.timeoutOrElse({ duration: "1 second", orElse: () => Effect.void }))
      }
      assert.isTrue(seen, "the other store reads the event")
    })), 60_000)
})
