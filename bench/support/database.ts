import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"

/** The Postgres server the benches use: `WAGATE_BENCH_DATABASE_URL`, else the machine's. */
export const serverUrl = process.env["WAGATE_BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

/** Runs statements on `url` on a connection of its own, written with the client's template (values bound, names quoted). */
export const admin = <A>(url: string, statement: (sql: PgClient.PgClient) => Effect.Effect<A, unknown>): Promise<A> =>
  Effect.runPromise(
    Effect.scoped(Effect.gen(function*() {
      const client = yield* PgClient.make({ url: Redacted.make(url), maxConnections: 1 })
      return yield* statement(client)
    })).pipe(Effect.provide(Reactivity.layer))
  )

/** The URL of database `name` on the bench's server. */
export const databaseUrl = (name: string): string => {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** A fresh database on the bench's server, for `run`; dropped afterwards whatever happens. */
export const withFreshDatabase = async <A>(run: (url: string) => Promise<A>): Promise<A> => {
  const name = `wagate_bench_${Math.random().toString(36).slice(2, 10)}`
  await admin(serverUrl, (sql) => sql`CREATE DATABASE ${sql(name)}`)
  try {
    return await run(databaseUrl(name))
  } finally {
    await admin(serverUrl, (sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`)
  }
}

export const write = (line = ""): void => void process.stdout.write(`${line}\n`)
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
