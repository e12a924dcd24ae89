import {
  MessageId,
  MessageStatus,
  MessageStore,
  MessageType,
  type MessageUpdate,
  OrgId,
  Recipient,
  SendRequest,
  SessionId,
  type SessionOwner,
  type StoredMessage,
  type Timestamp,
  WaMessageId
} from "@wagate/core"
import { Array as Arr, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { dieOnDuplicateId, storeErrors, whenSessionGone } from "../errors.ts"
import { decodeRows, NumberFromBigInt, TimestampColumn } from "./rows.ts"
import { decodeSendError, encodeSendError } from "./sendErrorColumn.ts"

const MessageRow = Schema.Struct({
  id: MessageId,
  org_id: OrgId,
  session_id: SessionId,
  to_jid: Recipient,
  type: MessageType,
  request: SendRequest,
  status: MessageStatus,
  wa_message_id: Schema.NullOr(WaMessageId),
  error: Schema.NullOr(Schema.String),
  attempts: Schema.Int,
  next_attempt_at: Schema.NullOr(TimestampColumn),
  created_at: TimestampColumn,
  updated_at: TimestampColumn
})

const OwnerRow = Schema.Struct({ org_id: OrgId, session_id: SessionId })

const StatusCountRow = Schema.Struct({ status: MessageStatus, count: NumberFromBigInt })

const toMessage = (row: typeof MessageRow.Type): StoredMessage => ({
  id: row.id,
  orgId: row.org_id,
  sessionId: row.session_id,
  to: row.to_jid,
  type: row.type,
  request: row.request,
  status: row.status,
  waMessageId: row.wa_message_id,
  error: decodeSendError(row.error),
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

const decodeMessages = decodeRows(MessageRow)
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
    const columns = sql`id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts, next_attempt_at, created_at, updated_at`
    const first = (rows: ReadonlyArray<unknown>) => Effect.map(decodeMessages(rows), (messages) => Arr.head(messages.map(toMessage)))

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
      // Fields the update leaves out keep their value; `error: null` clears the error.
      const sets = [sql`status = ${change.status}`, sql`updated_at = ${change.at}`]
      if (change.waMessageId !== undefined) sets.push(sql`wa_message_id = ${change.waMessageId}`)
      if (change.error !== undefined) sets.push(sql`error = ${encodeSendError(change.error)}`)
      if (change.attempts !== undefined) sets.push(sql`attempts = ${change.attempts}`)
      if (change.nextAttemptAt !== undefined) sets.push(sql`next_attempt_at = ${change.nextAttemptAt}`)
      // Conditional on the current status, in the one statement: a receipt and a drain's write never undo each other.
      const from = change.from === undefined ? sql`` : sql`AND status IN ${sql.in(change.from)}`
      return yield* first(yield* sql`UPDATE messages SET ${sql.csv(sets)} WHERE id = ${id} ${from} RETURNING ${columns}`)
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
