import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * The outbox (issue 12, ADR 0032). `messages` is the queue of each session: `seq` is the acceptance order (an
 * identity: a message committed after another's acceptance was answered always has a larger one), read through a
 * partial index of the queued messages per session. An idempotency key now names the message its request accepted
 * (`message_id`, committed with the message) and whether that request was asynchronous; keys completed before
 * this migration keep their `outcome`. Queued messages left by a synchronous send that died mid-flight are put in
 * the queue (due now): they are retried under the WhatsApp id they were first sent with, or fail when they have
 * none (ids were not chosen up front then, and a new one could make a second message).
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  yield* sql`ALTER TABLE messages ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`
  yield* sql`CREATE INDEX messages_session_queue_idx ON messages (org_id, session_id, seq) WHERE status = 'queued'`
  yield* sql`
    UPDATE messages SET status = 'failed',
      error = ${JSON.stringify({ code: "whatsapp_error", message: "the gateway stopped while sending it; it may or may not have reached WhatsApp" })}
    WHERE status = 'queued' AND wa_message_id IS NULL`
  yield* sql`UPDATE messages SET next_attempt_at = updated_at WHERE status = 'queued' AND next_attempt_at IS NULL`

  yield* sql`ALTER TABLE idempotency_keys ADD COLUMN message_id text COLLATE "C"`
  yield* sql`ALTER TABLE idempotency_keys ADD COLUMN async boolean`
})
