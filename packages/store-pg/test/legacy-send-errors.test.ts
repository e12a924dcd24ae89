import { assert, layer } from "@effect/vitest"
import { IdempotencyStore, MessageId, MessageStore, OrgId, PhoneJid, SessionId, Timestamp } from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"
import { EmbeddedPostgres, PgStore } from "../src/index.ts"
import initial from "../src/migrations/0001_initial.ts"
import lidTwins from "../src/migrations/0002_lid_twins.ts"
import orderedEvents from "../src/migrations/0003_ordered_events.ts"
import { migrationsTable } from "../src/migrations/index.ts"
import webhooks from "../src/migrations/0004_webhooks.ts"

const orgId = OrgId.make("org-legacy")
const sessionId = SessionId.make("ses-legacy")
const messageId = MessageId.make("msg-legacy")
const to = PhoneJid.make("6281200000002@s.whatsapp.net")
const at = Timestamp.make("2026-01-01T00:00:00.000Z")

// Rows written before errors had codes and SendResult had `waMessageId` and `attempts`, and before the outbox.
const legacyRows = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql`INSERT INTO sessions (id, org_id, name, status, created_at, updated_at)
             VALUES (${sessionId}, ${orgId}, NULL, 'connected', now(), now())`
  yield* sql`INSERT INTO messages (id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts,
                                   created_at, updated_at)
             VALUES (${messageId}, ${orgId}, ${sessionId}, ${to}, 'text',
                     ${JSON.stringify({ to, type: "text", text: "hi" })}::jsonb, 'failed', NULL, 'socket closed', 1,
                     ${at}, ${at})`
  const legacyResult = { id: messageId, sessionId, to, type: "text", status: "failed", createdAt: at, updatedAt: at, error: "socket closed" }
  yield* sql`INSERT INTO idempotency_keys (org_id, key, fingerprint, state, outcome, reserved_at)
             VALUES (${orgId}, 'legacy-key', 'fp', 'completed', ${JSON.stringify({ result: legacyResult, async: false })}::jsonb, ${at})`
  // A sync send that died mid-flight: its key in progress, its message queued (with and without a WhatsApp id).
  yield* sql`INSERT INTO idempotency_keys (org_id, key, fingerprint, state, outcome, reserved_at)
             VALUES (${orgId}, 'legacy-stuck', 'fp', 'in_progress', NULL, ${at})`
  for (const [id, waId] of [["msg-legacy-queued", "3EB0AAAAAAAAAAAAAAAAAA"], ["msg-legacy-no-id", null]] as const) {
    yield* sql`INSERT INTO messages (id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts,
                                     created_at, updated_at)
               VALUES (${id}, ${orgId}, ${sessionId}, ${to}, 'text', ${JSON.stringify({ to, type: "text", text: "hi" })}::jsonb,
                       'queued', ${waId}, NULL, 1, ${at}, ${at})`
  }
})

// The schema as it was before the outbox (migrations 0001 to 0004), seeded, then brought up to date by PgStore.
const beforeOutbox = Migrator.make({})({
  loader: Migrator.fromRecord({ "0001_initial": initial, "0002_lid_twins": lidTwins, "0003_ordered_events": orderedEvents, "0004_webhooks": webhooks }),
  table: migrationsTable
})
const database = EmbeddedPostgres.layerMemory
const legacy = Layer.effectDiscard(Effect.andThen(beforeOutbox, legacyRows)).pipe(Layer.provideMerge(database))
const seeded = Layer.provideMerge(PgStore.layer, legacy)

layer(seeded, { excludeTestServices: true, timeout: "2 minutes" })("send errors stored before they had codes", (it) => {
  it.effect("a plain-text error column reads as whatsapp_error; a coded one is stored as JSON", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const legacy = yield* messages.get(orgId, sessionId, messageId)
      assert.deepStrictEqual(legacy._tag === "Some" ? legacy.value.error : "missing", { code: "whatsapp_error", message: "socket closed" })

      const error = { code: "session_logged_out" as const, message: "session ses-legacy is not connected (status: logged_out)" }
      yield* messages.update(messageId, { status: "failed", error, at })
      const sql = yield* SqlClient
      const rows = yield* sql<{ error: string }>`SELECT error FROM messages WHERE id = ${messageId}`
      assert.deepStrictEqual(JSON.parse(rows[0]!.error), error, "the column holds {code, message} as JSON")
      const read = yield* messages.get(orgId, sessionId, messageId)
      assert.deepStrictEqual(read._tag === "Some" ? read.value.error : "missing", error)
    }))

  it.effect("an idempotency outcome stored before waMessageId and attempts still replays", () =>
    Effect.gen(function*() {
      const idempotency = yield* IdempotencyStore
      const replay = yield* idempotency.find(orgId, "legacy-key")
      assert.deepStrictEqual(replay, Option.some({
        _tag: "Outcome" as const,
        fingerprint: "fp",
        outcome: {
          async: false,
          result: {
            id: messageId,
            sessionId,
            to,
            type: "text",
            status: "failed",
            waMessageId: null,
            attempts: 1,
            createdAt: at,
            updatedAt: at,
            error: { code: "whatsapp_error", message: "socket closed" }
          }
        }
      }))
      const claim = { fingerprint: "fp-2", messageId: MessageId.make("msg-new"), async: true, at }
      assert.deepStrictEqual(yield* idempotency.claim(orgId, "legacy-key", claim), replay, "a completed legacy key is kept")
    }))

  it.effect("a key a legacy sync send left in progress is taken over by the next request", () =>
    Effect.gen(function*() {
      const idempotency = yield* IdempotencyStore
      assert.isTrue(Option.isNone(yield* idempotency.find(orgId, "legacy-stuck")), "no record to answer with")
      const claim = { fingerprint: "fp-new", messageId: MessageId.make("msg-taken-over"), async: false, at }
      assert.isTrue(Option.isNone(yield* idempotency.claim(orgId, "legacy-stuck", claim)), "claimed")
      assert.deepStrictEqual(
        yield* idempotency.find(orgId, "legacy-stuck"),
        Option.some({ _tag: "Message" as const, fingerprint: "fp-new", messageId: claim.messageId, async: false })
      )
    }))

  it.effect("a queued message a legacy sync send left is put in the queue, or failed when it has no WhatsApp id", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const withId = yield* messages.get(orgId, sessionId, MessageId.make("msg-legacy-queued"))
      assert.deepStrictEqual(withId._tag === "Some" ? [withId.value.status, withId.value.nextAttemptAt] : "missing", ["queued", at])
      assert.deepStrictEqual(yield* messages.queuedSessions(at), [{ orgId, sessionId }])
      const withoutId = yield* messages.get(orgId, sessionId, MessageId.make("msg-legacy-no-id"))
      assert.deepStrictEqual(withoutId._tag === "Some" ? [withoutId.value.status, withoutId.value.error?.code] : "missing", ["failed", "whatsapp_error"])
    }))
})
