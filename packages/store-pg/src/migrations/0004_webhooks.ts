import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * Webhooks (issue 11, ADR 0031). A webhook row holds its delivery state (`cursor`: the last event it is done
 * with; `attempt`: attempts made on the next one; `next_attempt_at`), updated in the same statement that logs an
 * attempt in `webhook_deliveries`, so a restart resumes where the log says. The secret is kept as given: the
 * gateway needs it to sign (an HMAC key cannot be stored hashed); it is never listed.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  yield* sql`
    CREATE TABLE webhooks (
      id text COLLATE "C" PRIMARY KEY,
      org_id text COLLATE "C" NOT NULL,
      url text NOT NULL,
      events text[] NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL,
      cursor text COLLATE "C",
      attempt integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz
    )`
  // An organisation's webhooks, listed by id.
  yield* sql`CREATE INDEX webhooks_org_id_idx ON webhooks (org_id, id)`

  yield* sql`
    CREATE TABLE webhook_deliveries (
      webhook_id text COLLATE "C" NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
      event_id text COLLATE "C" NOT NULL,
      attempt integer NOT NULL,
      status text NOT NULL,
      response_code integer,
      error text,
      at timestamptz NOT NULL,
      PRIMARY KEY (webhook_id, event_id, attempt)
    )`
  // Retention deletes by age.
  yield* sql`CREATE INDEX webhook_deliveries_at_idx ON webhook_deliveries (at)`
})
