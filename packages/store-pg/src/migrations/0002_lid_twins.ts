import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * Members and users with two identities (issue 10, ADR 0024). A member row is keyed by the address its group uses
 * (`jid`: a phone JID, or a LID in a LID-addressed group) and holds both twins where known, so a lookup by either
 * form finds it. `user_twins` keeps the phone ↔ LID pairs a session has learned, so a twin learned in one group
 * serves every group. Existing rows keep working: their `jid` is a phone JID, which becomes their `phone_jid`.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  yield* sql`ALTER TABLE sessions ADD COLUMN lid text`

  yield* sql`ALTER TABLE members ADD COLUMN phone_jid text`
  yield* sql`UPDATE members SET phone_jid = jid WHERE jid LIKE '%@s.whatsapp.net'`
  // Lookups by either twin, within a session (a learned pair fills every group) and a group.
  yield* sql`CREATE INDEX members_phone_jid_idx ON members (session_id, phone_jid) WHERE phone_jid IS NOT NULL`
  yield* sql`CREATE INDEX members_lid_idx ON members (session_id, lid) WHERE lid IS NOT NULL`

  // One pair per phone JID and per LID in a session; a later pair replaces a conflicting one.
  yield* sql`
    CREATE TABLE user_twins (
      org_id text COLLATE "C" NOT NULL,
      session_id text COLLATE "C" NOT NULL,
      phone_jid text NOT NULL,
      lid text NOT NULL,
      learned_at timestamptz NOT NULL,
      PRIMARY KEY (session_id, phone_jid),
      CONSTRAINT user_twins_session_id_lid_key UNIQUE (session_id, lid),
      FOREIGN KEY (org_id, session_id) REFERENCES sessions (org_id, id) ON DELETE CASCADE
    )`
})
