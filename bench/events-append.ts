/**
 * `npm run bench:events-append`: how many events per second one organisation can commit on a Postgres server, from
 * 8 concurrent fibers (`--fibers N`), each committing one transaction per event, for `--seconds S` (default 5) per
 * scheme after a one-second warm-up:
 *
 * - `(tx, seq)`: the store's scheme (ADR 0029): an append is a plain insert; readers only read the visible prefix.
 * - advisory lock: what the store did before, each transaction first takes `pg_advisory_xact_lock` on the
 *   organisation's hash, held until it commits, so one organisation's events commit one at a time in id order.
 *
 * The store is a fresh database on the server of `WAGATE_BENCH_DATABASE_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`), dropped at the end. Prints both rates and the machine's load; asserts
 * nothing. Figures depend on the machine and its load.
 */
import { EventStore, OrgId, SessionId, StoreTransaction, Timestamp } from "@wagate/core"
import { PgStore } from "@wagate/store-pg"
import { freshDatabase } from "@wagate/store-pg/testing"
import { Clock, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { cpus, loadavg } from "node:os"
import { argument } from "./support/arguments.ts"
import { serverUrl, write } from "./support/database.ts"

const fibers = argument("fibers", 8)
const seconds = argument("seconds", 5)

/** The first key of the advisory lock the store used to take per append (the second is the organisation's hash). */
const APPEND_LOCK = 0x77616765

const orgId = OrgId.make("org-bench")
const payload = {
  type: "session.status",
  sessionId: SessionId.make("ses-bench"),
  data: { status: "connected", phoneJid: null, lid: null }
} as const

/** Commits events from `fibers` fibers until `millis` have passed; answers how many were committed. */
const run = (millis: number, withLock: boolean) =>
  Effect.gen(function*() {
    const events = yield* EventStore
    const transaction = yield* StoreTransaction
    const sql = yield* SqlClient
    const lock = withLock ? Effect.asVoid(sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(${orgId}))`) : Effect.void
    const until = (yield* Clock.currentTimeMillis) + millis
    const counts = yield* Effect.forEach(
      Array.from({ length: fibers }, (_, i) => i),
      () =>
        Effect.gen(function*() {
          let committed = 0
          while ((yield* Clock.currentTimeMillis) < until) {
            const at = Timestamp.make(new Date(yield* Clock.currentTimeMillis).toISOString())
            yield* transaction.atomically(Effect.andThen(lock, events.append(orgId, payload, at)))
            committed += 1
          }
          return committed
        }),
      { concurrency: "unbounded" }
    )
    return counts.reduce((sum, n) => sum + n, 0)
  })

const measure = (name: string, withLock: boolean) =>
  Effect.gen(function*() {
    yield* run(1000, withLock)
    const committed = yield* run(seconds * 1000, withLock)
    const rate = committed / seconds
    write(`${name.padEnd(16)} ${rate.toFixed(0).padStart(7)} appends/s  (${committed} in ${seconds} s)`)
    return rate
  })

const main = Effect.gen(function*() {
  write(`events committed by ${fibers} fibers, one transaction each, one organisation, ${seconds} s per scheme`)
  write(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  write()
  // Twice each, interleaved, so that a warming server or a busy neighbour weighs on both schemes alike.
  const ordered: Array<number> = []
  const locked: Array<number> = []
  for (let round = 0; round < 2; round++) {
    ordered.push(yield* measure("(tx, seq)", false))
    locked.push(yield* measure("advisory lock", true))
  }
  const best = (rates: ReadonlyArray<number>) => Math.max(...rates)
  write()
  write(`best of two: (tx, seq) ${best(ordered).toFixed(0)} appends/s, advisory lock ${best(locked).toFixed(0)} appends/s ` +
    `(${(best(ordered) / best(locked)).toFixed(2)}x)`)
})

// A pool as large as the fibers, so that the connections are not what the fibers wait for.
const store = PgStore.layer.pipe(Layer.provideMerge(freshDatabase(serverUrl, { maxConnections: fibers })))
await Effect.runPromise(main.pipe(Effect.provide(store)))
