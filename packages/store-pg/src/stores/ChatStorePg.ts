import {
  ChatMessage,
  ChatStore,
  type ChatSummary,
  type PageQuery,
  Recipient,
  type SessionId,
  type SessionOwner,
  Timestamp,
  type WaMessageId
} from "@wagate/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, whenSessionGone } from "../errors.ts"
import { toPage } from "./paging.ts"
import { decodeRows, NumberFromBigInt } from "./rows.ts"

const MessageRow = Schema.Struct({ message: ChatMessage, sent_ms: NumberFromBigInt, seq: NumberFromBigInt })
const ChatRow = Schema.Struct({ chat_jid: Recipient, last_ms: NumberFromBigInt, unread: Schema.Int })

const decodeMessages = decodeRows(MessageRow)
const decodeChats = decodeRows(ChatRow)
const decodeCount = decodeRows(Schema.Struct({ inserted: Schema.Int }))

/** A page key: a time in milliseconds and a tie-breaker (a sequence number, or a chat's JID). */
const KEY = /^(\d{1,16}):(.+)$/

/** The parts of a page key this store made; none for one it did not (the page after it is then empty). */
const parseKey = (key: string): Option.Option<{ readonly ms: number; readonly rest: string }> => {
  const match = KEY.exec(key)
  return match?.[1] === undefined || match[2] === undefined ? Option.none() : Option.some({ ms: Number(match[1]), rest: match[2] })
}

const SEQ = /^\d{1,18}$/

/**
 * `ChatStore` over Postgres (ADR 0037): `chat_messages` keeps each message as its wire JSON under the session and
 * WhatsApp id, `chats` each chat's newest time and unread count, written by the same statements.
 */
export const ChatStorePg = Layer.effect(
  ChatStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()

    const insert = Effect.fn("ChatStorePg.insert")(function*(owner: SessionOwner, message: ChatMessage) {
      const sentMs = Date.parse(message.timestamp)
      const unread = message.direction === "in" ? 1 : 0
      const rows = yield* sql`
        WITH inserted AS (
          INSERT INTO chat_messages (session_id, wa_message_id, org_id, chat_jid, sent_ms, direction, status, message)
          VALUES (${owner.sessionId}, ${message.waMessageId}, ${owner.orgId}, ${message.chatJid}, ${sentMs},
                  ${message.direction}, ${message.status}, ${JSON.stringify(message)}::jsonb)
          ON CONFLICT (session_id, wa_message_id) DO NOTHING
          RETURNING chat_jid, sent_ms
        ), chat AS (
          INSERT INTO chats (session_id, chat_jid, org_id, last_ms, unread)
          SELECT ${owner.sessionId}, chat_jid, ${owner.orgId}, sent_ms, ${unread} FROM inserted
          ON CONFLICT (session_id, chat_jid) DO UPDATE
            SET last_ms = GREATEST(chats.last_ms, EXCLUDED.last_ms), unread = chats.unread + EXCLUDED.unread
        )
        SELECT count(*)::int AS inserted FROM inserted`.pipe(whenSessionGone([]))
      const counted = yield* decodeCount(rows)
      return counted[0]?.inserted === 1
    }, storeErrors)

    const find = Effect.fn("ChatStorePg.find")(function*(sessionId: SessionId, waMessageId: WaMessageId) {
      const rows = yield* decodeMessages(
        yield* sql`
          SELECT message, sent_ms, seq FROM chat_messages WHERE session_id = ${sessionId} AND wa_message_id = ${waMessageId}`
      )
      return Option.map(Option.fromNullishOr(rows[0]), (row) => row.message)
    }, storeErrors)

    const replace = Effect.fn("ChatStorePg.replace")(function*(message: ChatMessage) {
      yield* sql`
        UPDATE chat_messages SET message = ${JSON.stringify(message)}::jsonb, status = ${message.status}
        WHERE session_id = ${message.sessionId} AND wa_message_id = ${message.waMessageId}`
    }, storeErrors)

    const chats = Effect.fn("ChatStorePg.chats")(function*(owner: SessionOwner, page: PageQuery) {
      const after = page.after === null ? Option.none() : parseKey(page.after)
      if (page.after !== null && Option.isNone(after)) return { items: [], lastKey: null }
      const bound = Option.match(after, {
        onNone: () => sql``,
        onSome: ({ ms, rest }) => sql`AND (last_ms < ${ms} OR (last_ms = ${ms} AND chat_jid > ${rest}))`
      })
      const rows = yield* decodeChats(
        yield* sql`
          SELECT chat_jid, last_ms, unread FROM chats
          WHERE session_id = ${owner.sessionId} AND org_id = ${owner.orgId} ${bound}
          ORDER BY last_ms DESC, chat_jid
          LIMIT ${page.limit + 1}`
      )
      const result = toPage(rows, page.limit, (row) => `${row.last_ms}:${row.chat_jid}`)
      return {
        items: result.items.map((row): ChatSummary => ({
          chatJid: row.chat_jid,
          lastMessageAt: Timestamp.make(new Date(row.last_ms).toISOString()),
          unread: row.unread
        })),
        lastKey: result.lastKey
      }
    }, storeErrors)

    const history = Effect.fn("ChatStorePg.history")(function*(owner: SessionOwner, chatJid: Recipient, page: PageQuery) {
      const after = page.after === null ? Option.none() : Option.filter(parseKey(page.after), ({ rest }) => SEQ.test(rest))
      if (page.after !== null && Option.isNone(after)) return { items: [], lastKey: null }
      const bound = Option.match(after, {
        onNone: () => sql``,
        onSome: ({ ms, rest }) => sql`AND (sent_ms, seq) < (${ms}, ${rest}::bigint)`
      })
      const rows = yield* decodeMessages(
        yield* sql`
          SELECT message, sent_ms, seq FROM chat_messages
          WHERE session_id = ${owner.sessionId} AND org_id = ${owner.orgId} AND chat_jid = ${chatJid} ${bound}
          ORDER BY sent_ms DESC, seq DESC
          LIMIT ${page.limit + 1}`
      )
      const result = toPage(rows, page.limit, (row) => `${row.sent_ms}:${row.seq}`)
      return { items: result.items.map((row) => row.message), lastKey: result.lastKey }
    }, storeErrors)

    /** Up to and including `upTo` in the chat's order; a message not of the chat bounds nothing in. */
    const upToBound = (owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null) =>
      upTo === null ? sql`` : sql`
        AND (sent_ms, seq) <= (SELECT sent_ms, seq FROM chat_messages
                               WHERE session_id = ${owner.sessionId} AND wa_message_id = ${upTo} AND chat_jid = ${chatJid})`

    const unread = Effect.fn("ChatStorePg.unread")(function*(owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null) {
      const rows = yield* decodeMessages(
        yield* sql`
          SELECT message, sent_ms, seq FROM chat_messages
          WHERE session_id = ${owner.sessionId} AND org_id = ${owner.orgId} AND chat_jid = ${chatJid}
            AND direction = 'in' AND status = 'received' ${upToBound(owner, chatJid, upTo)}
          ORDER BY sent_ms, seq`
      )
      return rows.map((row) => row.message)
    }, storeErrors)

    const markRead = Effect.fn("ChatStorePg.markRead")(function*(owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null) {
      const bound = upToBound(owner, chatJid, upTo)
      const rows = yield* decodeMessages(
        yield* sql`
          WITH marked AS (
            UPDATE chat_messages SET status = 'read', message = jsonb_set(message, '{status}', '"read"')
            WHERE session_id = ${owner.sessionId} AND org_id = ${owner.orgId} AND chat_jid = ${chatJid}
              AND direction = 'in' AND status = 'received' ${bound}
            RETURNING message, sent_ms, seq
          ), counted AS (
            UPDATE chats SET unread = GREATEST(unread - (SELECT count(*) FROM marked), 0)
            WHERE session_id = ${owner.sessionId} AND chat_jid = ${chatJid} AND EXISTS (SELECT 1 FROM marked)
          )
          SELECT message, sent_ms, seq FROM marked ORDER BY sent_ms, seq`
      )
      return rows.map((row) => row.message)
    }, storeErrors)

    return ChatStore.of({ insert, find, replace, chats, history, unread, markRead })
  })
)
