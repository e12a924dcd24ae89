import {
  type MessageId,
  MessageStatus,
  MessageStore,
  type MessageUpdate,
  OrgId,
  SessionId,
  type SessionOwner,
  type StoredMessage,
  type Timestamp,
  type WaMessageId
} from "@wagate/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { dieOnDuplicateId, storeErrors, whenSessionGone } from "../errors.ts"
import { firstMessage, MESSAGE_COLUMNS, updateClauses } from "./messageRows.ts"
import { decodeRows, NumberFromBigInt } from "./rows.ts"
import { encodeSendError } from "./sendErrorColumn.ts"

const OwnerRow = Schema.Struct({ org_id: OrgId, session_id: SessionId })

const StatusCountRow = Schema.Struct({ status: MessageStatus, count: NumberFromBigInt })

const decodeStatusCounts = decodeRows(StatusCountRow)
const decodeOwners = decodeRows(OwnerRow)

/**
 * `MessageStore` over Postgres. The table is the outbox (ADR 0032): a session's queue is its `queued` rows in
 * `seq` order (acceptance order), each due at `next_attempt_at`.
 */
export const MessageStorePg = Layer.effect(
  MessageStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const columns = sql.literal(MESSAGE_COLUMNS)
    const first = firstMessage

    const insert = Effect.fn("MessageStorePg.insert")(function*(message: StoredMessage) {
      yield* sql`
        INSERT INTO messages (id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts,
                              next_attempt_at, created_at, updated_at)
        VALUES (${message.id}, ${message.orgId}, ${message.sessionId}, ${message.to}, ${message.type},
                ${JSON.stringify(message.request)}::jsonb, ${message.status}, ${message.waMessageId}, ${encodeSendError(message.error)},
                ${message.attempts}, ${message.nextAttemptAt}, ${message.createdAt}, ${message.updatedAt})`.pipe(
        dieOnDuplicateId(`message id ${message.id}`),
        whenSessionGone(undefined)
      )
    }, storeErrors)

    const get = Effect.fn("MessageStorePg.get")(function*(orgId: OrgId, sessionId: SessionId, id: MessageId) {
      return yield* first(
        yield* sql`SELECT ${columns} FROM messages WHERE id = ${id} AND org_id = ${orgId} AND session_id = ${sessionId}`
      )
    }, storeErrors)

    const update = Effect.fn("MessageStorePg.update")(function*(id: MessageId, change: MessageUpdate) {
      if (change.from !== undefined && change.from.length === 0) return Option.none<StoredMessage>()
      const { from, sets } = updateClauses(sql, change)
      return yield* first(yield* sql`UPDATE messages SET ${sets} WHERE id = ${id} ${from} RETURNING ${columns}`)
    }, storeErrors)

    const nextQueued = Effect.fn("MessageStorePg.nextQueued")(function*(orgId: OrgId, sessionId: SessionId) {
      return yield* first(
        yield* sql`
          SELECT ${columns} FROM messages
          WHERE org_id = ${orgId} AND session_id = ${sessionId} AND status = 'queued'
          ORDER BY seq
          LIMIT 1`
      )
    }, storeErrors)

    const queuedSessions = Effect.fn("MessageStorePg.queuedSessions")(function*(at: Timestamp) {
      const rows = yield* decodeOwners(
        yield* sql`SELECT DISTINCT org_id, session_id FROM messages WHERE status = 'queued' AND next_attempt_at <= ${at}`
      )
      return rows.map((row): SessionOwner => ({ orgId: row.org_id, sessionId: row.session_id }))
    }, storeErrors)

    const countByStatus = Effect.flatMap(
      sql`SELECT status, count(*) AS count FROM messages GROUP BY status ORDER BY status`,
      decodeStatusCounts
    ).pipe(storeErrors, Effect.withSpan("MessageStorePg.countByStatus"))

    const findByWaId = Effect.fn("MessageStorePg.findByWaId")(function*(sessionId: SessionId, waMessageId: WaMessageId) {
      return yield* first(
        yield* sql`
          SELECT ${columns} FROM messages
          WHERE session_id = ${sessionId} AND wa_message_id = ${waMessageId}
          ORDER BY id
          LIMIT 1`
      )
    }, storeErrors)

    return MessageStore.of({ insert, get, update, nextQueued, queuedSessions, countByStatus, findByWaId })
  })
)
