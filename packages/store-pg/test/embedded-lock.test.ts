import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DataDirLocked, EmbeddedPostgres, LockHolder, lockFileName } from "../src/embedded/index.ts"
import { deadPid, spawnEmbeddedChild } from "./support/runEmbeddedChild.ts"

// Real processes, files and sockets: the live clock, every wait bounded by the test timeout.
const timeout = 90_000

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "wagate-lock-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const decodeLock = Schema.decodeUnknownSync(Schema.fromJsonString(LockHolder))
const readLock = (dir: string): LockHolder => decodeLock(Fs.readFileSync(Path.join(dir, lockFileName), "utf8"))

const selectOne = Effect.gen(function*() {
  const sql = yield* SqlClient
  return yield* sql`SELECT 1 AS one`
})

describe("the data directory lock", () => {
  it.live("a second layer on the same directory in the same process fails, naming this process", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      yield* Effect.gen(function*() {
        const holder = readLock(dir)
        assert.strictEqual(holder.pid, process.pid)
        assert.strictEqual(holder.command, process.argv.join(" "))

        const error = yield* Effect.flip(Effect.provide(selectOne, EmbeddedPostgres.layer(dir)))
        assert.instanceOf(error, DataDirLocked)
        assert.strictEqual(error._tag, "DataDirLocked")
        assert.include(error.message, dir)
        assert.include(error.message, `process ${process.pid} (${process.argv.join(" ")})`)
        assert.include(error.message, "stop that process, or use its HTTP API")

        // The failed opener must not have removed the holder's lock.
        assert.strictEqual(readLock(dir).token, holder.token)
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
    }), timeout)

  it.live("another process opening a directory this process holds gets the error naming this process", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      yield* Effect.gen(function*() {
        yield* selectOne
        const child = yield* spawnEmbeddedChild("open", dir)
        const answer = yield* child.nextMessage
        assert.strictEqual(answer.tag, "DataDirLocked")
        assert.include(answer.message, dir)
        assert.include(answer.message, `process ${process.pid} (${process.argv.join(" ")})`)
        assert.include(answer.message, "stop that process, or use its HTTP API")
        yield* selectOne // the holder is undisturbed
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
    }), timeout)

  it.live("a lock held by a live process refuses this one; after that process is killed, its lock is taken over and its committed rows are there", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const child = yield* spawnEmbeddedChild("hold", dir)
      const ready = yield* child.nextMessage
      assert.strictEqual(ready.tag, "Ready")

      const refused = yield* Effect.flip(Effect.provide(selectOne, EmbeddedPostgres.layer(dir)))
      assert.instanceOf(refused, DataDirLocked)
      assert.strictEqual(refused.holder?.pid, child.pid)
      assert.include(refused.message, `process ${child.pid} (`)
      assert.include(refused.message, "embeddedChild.ts hold")

      // A crash: no finalizer runs, the lock file and PGlite's files stay as they were.
      yield* child.kill("SIGKILL")
      assert.strictEqual(readLock(dir).pid, child.pid, "the killed process left its lock behind")

      const rows = yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        assert.strictEqual(readLock(dir).pid, process.pid, "this process took the stale lock over")
        return yield* sql<{ id: number }>`SELECT id FROM crash_rows ORDER BY id`
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      assert.deepStrictEqual(rows, [{ id: 1 }, { id: 2 }, { id: 3 }])
      assert.isFalse(Fs.existsSync(Path.join(dir, lockFileName)))
    }), timeout)

  it.live("a stale lock file naming a dead PID is taken over and removed on close", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pid = yield* deadPid
      const stale: LockHolder = {
        pid,
        command: "node old-wagate.js",
        startedAt: "2020-01-01T00:00:00.000Z",
        lockedAt: "2020-01-01T00:00:01.000Z",
        hostname: Os.hostname(),
        token: "stale"
      }
      Fs.writeFileSync(Path.join(dir, lockFileName), JSON.stringify(stale))

      yield* Effect.gen(function*() {
        yield* selectOne
        const holder = readLock(dir)
        assert.strictEqual(holder.pid, process.pid)
        assert.notStrictEqual(holder.token, "stale")
      }).pipe(Effect.provide(EmbeddedPostgres.layer(dir)))
      assert.isFalse(Fs.existsSync(Path.join(dir, lockFileName)))
      assert.deepStrictEqual(Fs.readdirSync(dir), ["pgdata"], "no stray lock files are left")
    }), timeout)

  it.live("a lock file that cannot be read counts as held, and is left alone", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const lockFile = Path.join(dir, lockFileName)
      Fs.writeFileSync(lockFile, "")
      const error = yield* Effect.flip(Effect.provide(selectOne, EmbeddedPostgres.layer(dir)))
      assert.instanceOf(error, DataDirLocked)
      assert.isNull(error.holder)
      assert.include(error.message, `delete ${lockFile}`)
      assert.strictEqual(Fs.readFileSync(lockFile, "utf8"), "")
      assert.isFalse(Fs.existsSync(Path.join(dir, "pgdata")), "PGlite was not opened")
    }), timeout)

  it.live("a lock from another host counts as held: its PID cannot be checked here", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const pid = yield* deadPid
      const remote: LockHolder = {
        pid,
        command: "node wagate.js",
        startedAt: "2020-01-01T00:00:00.000Z",
        lockedAt: "2020-01-01T00:00:01.000Z",
        hostname: `${Os.hostname()}-elsewhere`,
        token: "remote"
      }
      Fs.writeFileSync(Path.join(dir, lockFileName), JSON.stringify(remote))
      const error = yield* Effect.flip(Effect.provide(selectOne, EmbeddedPostgres.layer(dir)))
      assert.instanceOf(error, DataDirLocked)
      assert.include(error.message, `on ${Os.hostname()}-elsewhere`)
    }), timeout)
})
