import { PgStore } from "@wagate/store-pg"
import { Console, Effect } from "effect"
import { Command } from "effect/cli"
import { Database } from "../Database.ts"

/** `wagate migrate`: brings the configured database's schema up to date (the gateway also does this at start-up). */
export const migrate = Command.make(
  "migrate",
  {},
  Effect.fn("cli.migrate")(function*() {
    const ran = yield* PgStore.migrate.pipe(Effect.provide(Database.layer))
    if (ran.length === 0) {
      yield* Console.log("the schema is up to date")
    }
    for (const [id, name] of ran) {
      yield* Console.log(`applied ${String(id).padStart(4, "0")}_${name}`)
    }
  })
).pipe(Command.withDescription("Apply pending database migrations to WAGATE_DATABASE_URL, or to the embedded database in WAGATE_DATA_DIR"))
