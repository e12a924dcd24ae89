import {
  MessageId,
  MessageStatus,
  MessageType,
  type MessageUpdate,
  OrgId,
  Recipient,
  SendRequest,
  SessionId,
  type StoredMessage,
  WaMessageId
} from "@wagate/core"
import { Array as Arr, Effect, Schema } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { decodeRows, TimestampColumn } from "./rows.ts"
import { decodeSendError, encodeSendError } from "./sendErrorColumn.ts"

/** A row of `messages` as the stores read it (`MESSAGE_COLUMNS`). */
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

/** The columns of `messages` a `MessageRow` holds. */
export const MESSAGE_COLUMNS = "id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts, next_attempt_at, created_at, updated_at"

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

/** `MESSAGE_COLUMNS` of the table aliased `alias`. */
export const messageColumnsOf = (alias: string) => MESSAGE_COLUMNS.split(", ").map((column) => `${alias}.${column}`).join(", ")

/** `rows` (`MESSAGE_COLUMNS`) as messages; a row that does not fit the schema is a bug (the fiber dies). */
export const messagesOf = (rows: ReadonlyArray<unknown>) => Effect.map(decodeMessages(rows), (messages) => messages.map(toMessage))

/** The first of `rows` (`MESSAGE_COLUMNS`) as a message (see `messagesOf`). */
export const firstMessage = (rows: ReadonlyArray<unknown>) => Effect.map(messagesOf(rows), Arr.head)

/**
 * The `SET` list of a `MessageUpdate` and its condition on the current status (`AND status IN …`, empty when the
 * update has no `from`). Fields the update leaves out keep their value; `error: null` clears the error.
 */
export const updateClauses = (sql: SqlClient, change: MessageUpdate) => {
  const sets = [sql`status = ${change.status}`, sql`updated_at = ${change.at}`]
  if (change.waMessageId !== undefined) sets.push(sql`wa_message_id = ${change.waMessageId}`)
  if (change.error !== undefined) sets.push(sql`error = ${encodeSendError(change.error)}`)
  if (change.attempts !== undefined) sets.push(sql`attempts = ${change.attempts}`)
  if (change.nextAttemptAt !== undefined) sets.push(sql`next_attempt_at = ${change.nextAttemptAt}`)
  // Conditional on the current status, in the one statement: a receipt and a drain's write never undo each other.
  const from = change.from === undefined ? sql`` : sql`AND status IN ${sql.in(change.from)}`
  return { sets: sql.csv(sets), from }
}
