import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * The first schema. Text keys that order or page a list are `COLLATE "C"`, so they sort by code points like the
 * memory adapter (and unlike the database's default locale). Every row under a session references it with
 * `ON DELETE CASCADE`: deleting the session deletes everything stored under it.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  // Session ids are unique across the gateway; (org_id, id) is unique too, for the organisation's list and as
  // the target of the tenant rows' foreign keys (a group cannot belong to another organisation's session).
  yield* sql`
    CREATE TABLE sessions (
      id text COLLATE "C" PRIMARY KEY,
      org_id text COLLATE "C" NOT NULL,
      name text,
      status text NOT NULL,
      phone_jid text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT sessions_org_id_id_key UNIQUE (org_id, id)
    )`

  yield* sql`
    CREATE TABLE groups (
      org_id text COLLATE "C" NOT NULL,
      session_id text COLLATE "C" NOT NULL,
      group_jid text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      parent_jid text COLLATE "C",
      subject text NOT NULL,
      description text,
      owner_jid text,
      settings jsonb NOT NULL,
      has_left boolean NOT NULL DEFAULT false,
      participants integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (org_id, session_id, group_jid),
      FOREIGN KEY (org_id, session_id) REFERENCES sessions (org_id, id) ON DELETE CASCADE
    )`
  // A community's announcement group and linked groups.
  yield* sql`
    CREATE INDEX groups_parent_idx ON groups (org_id, session_id, parent_jid, group_jid)
    WHERE parent_jid IS NOT NULL`

  // `lid` is the member's LID (WhatsApp's privacy id) where known; `jid` is the phone JID the API speaks. Session
  // ids are unique across the gateway, so the key needs no org_id; it also serves the cascade from groups.
  yield* sql`
    CREATE TABLE members (
      org_id text COLLATE "C" NOT NULL,
      session_id text COLLATE "C" NOT NULL,
      group_jid text COLLATE "C" NOT NULL,
      jid text COLLATE "C" NOT NULL,
      lid text,
      role text NOT NULL,
      PRIMARY KEY (session_id, group_jid, jid),
      FOREIGN KEY (org_id, session_id, group_jid) REFERENCES groups (org_id, session_id, group_jid) ON DELETE CASCADE
    )`

  // The outbox of asynchronous sending: a worker claims `queued` rows whose `next_attempt_at` has come, under a
  // lease. Synchronous sends leave `next_attempt_at` null, so no worker claims a message being sent in a request.
  yield* sql`
    CREATE TABLE messages (
      id text COLLATE "C" PRIMARY KEY,
      org_id text COLLATE "C" NOT NULL,
      session_id text COLLATE "C" NOT NULL,
      to_jid text NOT NULL,
      type text NOT NULL,
      request jsonb NOT NULL,
      status text NOT NULL,
      wa_message_id text,
      error text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_owner text,
      lease_expires_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      FOREIGN KEY (org_id, session_id) REFERENCES sessions (org_id, id) ON DELETE CASCADE
    )`
  // Receipts find their message by WhatsApp id; the index also serves the cascade from sessions.
  yield* sql`CREATE INDEX messages_session_wa_idx ON messages (session_id, wa_message_id)`
  yield* sql`CREATE INDEX messages_status_idx ON messages (status)`
  yield* sql`CREATE INDEX messages_outbox_idx ON messages (next_attempt_at) WHERE status = 'queued'`

  // `outcome` is null while the first request is in progress.
  yield* sql`
    CREATE TABLE idempotency_keys (
      org_id text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      fingerprint text NOT NULL,
      state text NOT NULL,
      outcome jsonb,
      reserved_at timestamptz NOT NULL,
      PRIMARY KEY (org_id, key)
    )`

  // Only the SHA-256 hash of a key is stored, never the key.
  yield* sql`
    CREATE TABLE api_keys (
      id text COLLATE "C" PRIMARY KEY,
      org_id text COLLATE "C" NOT NULL,
      hash text NOT NULL,
      name text,
      capabilities text[] NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz,
      CONSTRAINT api_keys_hash_key UNIQUE (hash)
    )`
  yield* sql`CREATE INDEX api_keys_org_id_idx ON api_keys (org_id, id)`

  yield* sql`
    CREATE TABLE events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id text COLLATE "C" NOT NULL,
      created_at timestamptz NOT NULL,
      payload jsonb NOT NULL
    )`
  yield* sql`CREATE INDEX events_org_id_idx ON events (org_id, id)`

  // A session's WhatsApp credentials and Signal keys (by type and id); session ids are unique across the gateway.
  yield* sql`
    CREATE TABLE auth_credentials (
      session_id text COLLATE "C" PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      credentials jsonb NOT NULL
    )`
  yield* sql`
    CREATE TABLE auth_keys (
      session_id text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      type text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      value jsonb NOT NULL,
      PRIMARY KEY (session_id, type, id)
    )`
})
