import { PgClient } from "@effect/sql-pg"
import { Clock, Effect, Layer, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { PgStore } from "../PgStore.ts"

/** `WAGATE_TEST_DATABASE_URL`, or a test that fails and says how to set it: never a silent skip. */
export const testDatabaseUrl = (): string => {
  const url = process.env["WAGATE_TEST_DATABASE_URL"]
  if (url === undefined || url === "") {
    throw new Error(
      "WAGATE_TEST_DATABASE_URL is not set: point it at a Postgres database the tests may use to create and drop " +
        "their own, e.g. WAGATE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    )
  }
  return url
}

/**
 * The real clock, for the clients of a test database. Tests often run on the `TestClock`, and a client's pool
 * keeps its timers (idle connections closed after a minute) on the clock it was built with: a test that moves the
 * `TestClock` on would retire the pool's connections, and the next statement, the `DROP DATABASE` at the end
 * included, would wait for ever.
 */
const liveClock = Layer.succeed(Clock.Clock, Clock.Clock.defaultValue())

/** The URL of another database on the same server. */
export const withDatabase = (base: string, database: string): Redacted.Redacted<string> => {
  const next = new URL(base)
  next.pathname = `/${database}`
  return Redacted.make(next.toString())
}

/**
 * A fresh database on the server for the life of the layer (`wagate_test_<random>`, dropped at the end), and a
 * pooled client for it. With `icu`, the database's default collation is ICU's en-US, which orders `a` before
 * `B`: the schema's `COLLATE "C"` keys must still order by code point.
 */
export const freshDatabase = (base: string, options: { readonly icu?: boolean; readonly maxConnections?: number } = {}) =>
  Layer.unwrap(
    Effect.map(
      testDatabase(base, options),
      (name) => PgStore.layerUrl(withDatabase(base, name), { maxConnections: options.maxConnections ?? 8 })
    )
  ).pipe(Layer.provide(liveClock))

/** Creates `wagate_test_<random>` on the server of `base` for the life of the scope (on the real clock); answers its name. */
export const testDatabase = (base: string, options: { readonly icu?: boolean } = {}) =>
  Effect.gen(function*() {
    const admin = yield* PgClient.make({ url: Redacted.make(base), maxConnections: 1 })
    const name = `wagate_test_${Math.random().toString(36).slice(2, 12)}`
    yield* Effect.acquireRelease(
      options.icu === true
        ? admin`CREATE DATABASE ${admin(name)} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`
        : admin`CREATE DATABASE ${admin(name)}`,
      // FORCE ends the connections a failed test may have left open.
      () => Effect.orDie(admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`)
    )
    return name
  }).pipe(Effect.provide([Reactivity.layer, liveClock]))

/** Every store port on a fresh, migrated database. */
export const freshPgStore = (base: string) => PgStore.layer.pipe(Layer.provide(freshDatabase(base)))
