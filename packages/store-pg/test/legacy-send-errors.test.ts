import { assert, layer } from "@effect/vitest"
import { IdempotencyStore, MessageId, MessageStore, OrgId, PhoneJid, SessionId, Timestamp } from "@wagate/core"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { EmbeddedPostgres, PgStore } from "../src/index.ts"

const orgId = OrgId.make("org-legacy")
const sessionId = SessionId.make("ses-legacy")
const messageId = MessageId.make("msg-legacy")
const to = PhoneJid.make("6281200000002@s.whatsapp.net")
const at = Timestamp.make("2026-01-01T00:00:00.000Z")

// Rows written before errors had codes and SendResult had `waMessageId` and `attempts`.
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
})

const database = EmbeddedPostgres.layerMemory
const store = Layer.provideMerge(PgStore.layer, database)
const seeded = Layer.effectDiscard(legacyRows).pipe(Layer.provideMerge(store))

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
      const replay = yield* idempotency.reserve(orgId, "legacy-key", "fp", at)
      assert.deepStrictEqual(replay, {
        _tag: "Completed",
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
      })
    }))
})
