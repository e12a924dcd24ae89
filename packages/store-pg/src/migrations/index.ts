import * as Migrator from "effect/sql/Migrator"
import initial from "./0001_initial.ts"
import lidTwins from "./0002_lid_twins.ts"
import orderedEvents from "./0003_ordered_events.ts"
import webhooks from "./0004_webhooks.ts"
import outbox from "./0005_outbox.ts"
import notifyAfterCommit from "./0006_notify_after_commit.ts"
import conversations from "./0007_conversations.ts"

/** The schema's migrations, numbered; a new one is a new file `NNNN_name.ts` added here. */
export const migrations: Migrator.Loader = Migrator.fromRecord({
  "0001_initial": initial,
  "0002_lid_twins": lidTwins,
  "0003_ordered_events": orderedEvents,
  "0004_webhooks": webhooks,
  "0005_outbox": outbox,
  "0006_notify_after_commit": notifyAfterCommit,
  "0007_conversations": conversations
})

/** The table that records which migrations ran. */
export const migrationsTable = "wagate_migrations"
