import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { EmbeddedPostgres, lockFileName } from "../src/embedded/index.ts"

// PGlite runs real I/O (WebAssembly start-up, files, a loopback socket), so these tests use the live clock;
// every wait is bounded by the test timeout.
const timeout = 60_000

/** A fresh temporary directory, removed when the scope closes. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "wagate-embedded-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

describe("EmbeddedPostgres.layer", () => {
  it.live("keeps what was written after the layer is closed and the directory opened again", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const lockFile = Path.join(dir, lockFileName)

      yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        assert.isTrue(Fs.existsSync(lockFile), "the lock file exists while the layer is open")
        yield* sql`CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)`
        yield* sql`INSERT INTO notes ${sql.insert([{ id: 1, body: "first" }, { id: 2, body: "second" }])}`
        yield* sql.withTransaction(sql`INSERT INTO notes ${sql.insert({ id: 3, body: "third" })}`)
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))

      assert.isFalse(Fs.existsSync(lockFile), "closing the layer removes the lock file")
      assert.isTrue(Fs.existsSync(Path.join(dir, "pgdata")), "the database lives in <dir>/pgdata")

      const rows = yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        return yield* sql<{ id: number; body: string }>`SELECT id, body FROM notes ORDER BY id`
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      assert.deepStrictEqual(rows, [{ id: 1, body: "first" }, { id: 2, body: "second" }, { id: 3, body: "third" }])
    }), timeout)

  it.live("creates a data directory that does not exist yet", () =>
    Effect.gen(function*() {
      const dir = Path.join(yield* tempDir, "nested", "data")
      const [row] = yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        return yield* sql<{ user: string; database: string }>`SELECT current_user AS user, current_database() AS database`
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      assert.deepStrictEqual(row, { user: "postgres", database: "postgres" })
      assert.isTrue(Fs.existsSync(Path.join(dir, "pgdata")))
    }), timeout)
})

describe("EmbeddedPostgres.layerMemory: one connection", () => {
  it.live("survives many sequential statements, transactions that commit and roll back, and concurrent fibers", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient
      yield* sql`CREATE TABLE counter (id integer PRIMARY KEY, n integer NOT NULL)`
      yield* sql`INSERT INTO counter VALUES (1, 0)`

      for (let i = 0; i < 300; i++) {
        const [row] = yield* sql<{ value: number }>`SELECT ${i}::int AS value`
        assert.strictEqual(row?.value, i)
      }

      yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql`UPDATE counter SET n = n + 1 WHERE id = 1`
        yield* sql`UPDATE counter SET n = n + 1 WHERE id = 1`
      }))
      const failed = yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql`UPDATE counter SET n = n + 100 WHERE id = 1`
        return yield* sql`SELECT * FROM no_such_table`
      })).pipe(Effect.exit)
      assert.isTrue(Exit.isFailure(failed), "a failing statement fails its transaction")
      const [afterRollback] = yield* sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`
      assert.strictEqual(afterRollback?.n, 2, "the rolled-back update is gone, the committed ones stay")

      // Fifty fibers at once, each in its own transaction: they queue for the one connection, none is lost.
      yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => i),
        () => sql.withTransaction(sql`UPDATE counter SET n = n + 1 WHERE id = 1`),
        { concurrency: "unbounded", discard: true }
      )
      const [afterConcurrent] = yield* sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`
      assert.strictEqual(afterConcurrent?.n, 52)
    }).pipe(Effect.provide(EmbeddedPostgres.layerMemory)), timeout)

  it.live("each build is a fresh database", () =>
    Effect.gen(function*() {
      const createAndCount = Effect.gen(function*() {
        const sql = yield* SqlClient
        yield* sql`CREATE TABLE fresh (id integer)`
        yield* sql`INSERT INTO fresh VALUES (1)`
        const [row] = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM fresh`
        return row?.n
      })
      assert.strictEqual(yield* Effect.provide(createAndCount, EmbeddedPostgres.layerMemory), 1)
      assert.strictEqual(yield* Effect.provide(createAndCount, EmbeddedPostgres.layerMemory), 1)
    }), timeout)
})
