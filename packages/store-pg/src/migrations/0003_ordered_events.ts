import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * Events readers can resume without missing one (issue 11, ADR 0029). An event is ordered by its transaction's id
 * (`tx`, a `xid8`) then its row's sequence number (`seq`); readers only read rows whose `tx` is below the oldest
 * transaction still running (`pg_snapshot_xmin`), so nothing that commits later can sort before what they read.
 * No lock is taken per append. The payload moves to `type`, `session_id` and `data` (API.md's event shape).
 *
 * The old table held events no reader ever received (nothing delivered them before this issue, and their payloads
 * have another shape): it is kept, renamed, and dropped by a later migration.
 *
 * A statement-level trigger NOTIFYs `wagate_events` at commit (Postgres delivers NOTIFY only when the transaction
 * commits, and once per transaction and payload), which wakes the live feeds of other processes.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  yield* sql`ALTER TABLE events RENAME TO events_before_0003`
  yield* sql`ALTER INDEX events_org_id_idx RENAME TO events_before_0003_org_id_idx`
  yield* sql`
    CREATE TABLE events (
      seq bigint GENERATED ALWAYS AS IDENTITY,
      tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
      org_id text COLLATE "C" NOT NULL,
      session_id text COLLATE "C" NOT NULL,
      type text COLLATE "C" NOT NULL,
      occurred_at timestamptz NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (tx, seq)
    )`
  yield* sql`CREATE INDEX events_org_id_idx ON events (org_id, tx, seq)`
  yield* sql`CREATE INDEX events_occurred_at_idx ON events (occurred_at)`

  yield* sql`
    CREATE FUNCTION wagate_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('wagate_events', '');
      RETURN NULL;
    END
    $$`
  yield* sql`
    CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION wagate_events_notify()`
})
