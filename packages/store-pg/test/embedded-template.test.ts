import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { templateDirectory } from "../src/embedded/DataDirTemplate.ts"
import { EmbeddedPostgres } from "../src/embedded/index.ts"

// PGlite runs real I/O (WebAssembly start-up, files, a loopback socket): live clock, bounded by the timeout.
const timeout = 120_000

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "wagate-template-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

/** What the embedded database says about itself: the settings ADR 0018 chose, and the tables it holds. */
const describeDatabase = Effect.gen(function*() {
  const sql = yield* SqlClient
  const settings = yield* sql<{ name: string; setting: string; unit: string | null }>`
    SELECT name, setting, unit FROM pg_settings
    WHERE name IN ('shared_buffers', 'maintenance_work_mem', 'temp_buffers') ORDER BY name`
  const tables = yield* sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`
  return { settings, tables: tables.map((table) => table.name) }
})

describe("new embedded data directories", () => {
  it.live("are copies of the template: a database that opens, with nothing of the copy left beside it", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pgdata = Path.join(dir, "pgdata")
      // A copy cut short by a crash: the next start clears it.
      Fs.mkdirSync(Path.join(dir, "pgdata.seeding", "base"), { recursive: true })
      Fs.writeFileSync(Path.join(dir, "pgdata.seeding", "base", "half-copied"), "x")

      yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        yield* sql`CREATE TABLE notes (id integer PRIMARY KEY)`
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))

      const template = templateDirectory()
      assert.isTrue(Fs.existsSync(Path.join(template, "PG_VERSION")), "the template exists once a new directory was opened")
      assert.strictEqual(
        Fs.readFileSync(Path.join(pgdata, "PG_VERSION"), "utf8"),
        Fs.readFileSync(Path.join(template, "PG_VERSION"), "utf8")
      )
      assert.deepStrictEqual(Fs.readdirSync(dir).sort(), ["pgdata"], "no seeding leftover, no lock")
      assert.isFalse(Fs.existsSync(Path.join(template, "base", "half-copied")))

      // The template is untouched by the database copied from it: a second new directory starts empty.
      const second = Path.join(dir, "second")
      const { tables } = yield* describeDatabase.pipe(Effect.provide(EmbeddedPostgres.layer(second)))
      assert.deepStrictEqual(tables, [])
      const again = yield* describeDatabase.pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      assert.deepStrictEqual(again.tables, ["notes"])
    }), timeout)

  it.live("run with small buffers, also when postgresql.conf says otherwise", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const { settings } = yield* describeDatabase.pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      const conf = Fs.readFileSync(Path.join(dir, "pgdata", "postgresql.conf"), "utf8")
      assert.match(conf, /^shared_buffers = 128MB/m, "initdb's own setting, which the start parameters override")
      // In pages of 8 kB (shared_buffers, temp_buffers) and kB (maintenance_work_mem).
      assert.deepStrictEqual(settings, [
        { name: "maintenance_work_mem", setting: "16384", unit: "kB" },
        { name: "shared_buffers", setting: "2048", unit: "8kB" },
        { name: "temp_buffers", setting: "128", unit: "8kB" }
      ])
    }), timeout)
})
