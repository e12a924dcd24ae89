import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * Conversations (issue 15, ADR 0037). `chat_messages` holds every message of a session's chats, received or sent,
 * once per session and WhatsApp id (the primary key is what makes a redelivery a no-op). The message is kept as
 * its wire JSON; the columns beside it are what reads filter and order by: a chat's history goes newest first by
 * WhatsApp's time (`sent_ms`, milliseconds) then by storage order (`seq`). `chats` is each chat's newest time and
 * unread count, kept by the same statements that write messages.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient

  yield* sql`
    CREATE TABLE chat_messages (
      session_id text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      wa_message_id text COLLATE "C" NOT NULL,
      org_id text COLLATE "C" NOT NULL,
      chat_jid text COLLATE "C" NOT NULL,
      sent_ms bigint NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      direction text NOT NULL,
      status text NOT NULL,
      message jsonb NOT NULL,
      PRIMARY KEY (session_id, wa_message_id)
    )`
  yield* sql`CREATE INDEX chat_messages_history_idx ON chat_messages (session_id, chat_jid, sent_ms DESC, seq DESC)`

  yield* sql`
    CREATE TABLE chats (
      session_id text COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      chat_jid text COLLATE "C" NOT NULL,
      org_id text COLLATE "C" NOT NULL,
      last_ms bigint NOT NULL,
      unread integer NOT NULL,
      PRIMARY KEY (session_id, chat_jid)
    )`
  yield* sql`CREATE INDEX chats_recent_idx ON chats (session_id, last_ms DESC, chat_jid)`
})
