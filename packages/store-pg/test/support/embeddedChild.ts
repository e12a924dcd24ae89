/**
 * A second process for the embedded lock tests, run as `node embeddedChild.ts <mode> <dataDir>`. It prints one
 * JSON message per line on stdout:
 *
 * - `open`: opens `EmbeddedPostgres.layer(dataDir)` and prints `{"tag":"Opened"}`, or the error's tag and message.
 * - `hold`: opens it, writes rows 1..3 into `crash_rows`, prints `{"tag":"Ready","pid":…}`, and holds the
 *   directory until killed (it exits by itself after 60 s, so a failed test leaves no process behind).
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { EmbeddedPostgres } from "../../src/embedded/index.ts"

const [mode, dataDir] = process.argv.slice(2)

const say = (message: Record<string, unknown>) => Effect.sync(() => process.stdout.write(`${JSON.stringify(message)}\n`))

const hold = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql`CREATE TABLE IF NOT EXISTS crash_rows (id integer PRIMARY KEY)`
  yield* sql.withTransaction(sql`INSERT INTO crash_rows ${sql.insert([{ id: 1 }, { id: 2 }, { id: 3 }])}`)
  yield* say({ tag: "Ready", pid: process.pid })
  yield* Effect.sleep("60 seconds")
})

const program = Effect.gen(function*() {
  if (dataDir === undefined || (mode !== "open" && mode !== "hold")) {
    return yield* say({ tag: "Usage", message: "embeddedChild.ts open|hold <dataDir>" })
  }
  const run = mode === "open" ? say({ tag: "Opened" }) : hold
  yield* run.pipe(
    Effect.provide(EmbeddedPostgres.layer(dataDir)),
    Effect.catch((error) => say({ tag: error._tag, message: error.message }))
  )
})

Effect.runFork(program)
