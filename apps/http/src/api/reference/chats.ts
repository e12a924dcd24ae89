import { envelope, errors, jids } from "./examples.ts"
import { invalid, missing, notConnected, sessionNotFound, whatsappFailed } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const chatsTag =
  "The session's conversations: every message it receives in a group or a direct chat is stored (once, by WhatsApp id) with what it sent, and read back per chat from the store. Also what the session's account shows in a chat while it is there (typing, recording a voice note), a live action that needs a connected session."

/** The chat's JID as a send's `to` accepts it, so a caller names a chat the same way in both places. */
const chatParameter = {
  description:
    "The chat: a user by phone JID (`<7 to 15 digits>@s.whatsapp.net`) or LID (`<1 to 20 digits>@lid`), a phone number (percent-encode `+` and spaces), or a group JID (`<digits>[-<digits>]@g.us`); the `@` may be sent as is or as `%40`.",
  example: "6281234567890@s.whatsapp.net",
  // The use-case parses a chat as a send's `to`; one pattern could not say "JID or phone number" more clearly.
  schema: { type: "string" }
}

export const sendPresence: OperationDoc = {
  summary: "Show typing or recording in a chat",
  what:
    "Shows the session's account as typing (`composing`) or recording a voice note (`recording`) in the chat, or stops showing it (`paused`). WhatsApp clears the state on its own after about 25 seconds, so repeat it while it holds.",
  capability: "send",
  served: "live",
  success: "**204 No Content**.",
  sideEffects:
    "WhatsApp shows the state to the chat's other party (every member, in a group). Nothing is stored and no event is recorded; WhatsApp neither confirms nor refuses it, so a chat the account cannot write to simply shows nothing.",
  idempotency: "Idempotent: repeating a state only keeps it showing.",
  errors: {
    validation_error: invalid("a `state` other than `composing`, `recording` or `paused`, a malformed chat JID or phone number, or a malformed session id", {
      invalidState: { summary: "An unknown state", value: envelope("validation_error", "invalid state", { state: "Expected \"composing\" | \"recording\" | \"paused\"" }) }
    }),
    forbidden: missing("send"),
    not_found: sessionNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  parameters: { jid: chatParameter },
  request: {
    typing: { summary: "Typing", value: { state: "composing" } },
    stopped: { summary: "Stopped typing", value: { state: "paused" } }
  }
}

/** A message as `GET …/chats/{jid}/messages` lists it: one received in a direct chat. */
export const receivedText = {
  id: "01JDR5X3W1N6V2B8Q4K0Z7H9TA",
  sessionId: "alice",
  chatJid: jids.bob,
  direction: "in",
  from: { jid: jids.bob, phoneJid: jids.bob, lid: jids.bobLid },
  waMessageId: "3EB0C431C26A1916F1A2",
  type: "text",
  content: { text: "Is the meeting still on?" },
  replyTo: null,
  mentions: [],
  status: "received",
  timestamp: "2026-11-22T10:00:00.000Z",
  edited: false,
  deleted: false,
  reactions: []
}

const pageErrors = {
  validation_error: invalid("a malformed session id, `limit` outside 1..1000, or a `cursor` this API did not return", {
    invalidLimit: errors.invalidLimit
  }),
  forbidden: missing("read"),
  not_found: sessionNotFound
}

export const listChats: OperationDoc = {
  summary: "List a session's chats",
  what:
    "Lists the chats the session has messages in (direct chats and groups), the one with the newest message first, each with how many received messages the session has not marked read. Read from the store: WhatsApp is not asked.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Chat.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: pageErrors,
  responses: {
    200: {
      description: "A page of chats.",
      examples: {
        two: {
          summary: "A direct chat and a group",
          value: {
            items: [
              { chatJid: jids.bob, lastMessageAt: "2026-11-22T10:00:00.000Z", unread: 1 },
              { chatJid: jids.group, lastMessageAt: "2026-11-22T09:30:00.000Z", unread: 0 }
            ],
            nextCursor: ""
          }
        }
      }
    }
  }
}

export const chatHistory: OperationDoc = {
  summary: "Read a chat's messages",
  what:
    "Lists the messages of one chat, newest first (by WhatsApp's time, then the order they were stored): those the session received and those its account sent, through wagate or from another of its devices. Edits, deletions for everyone and reactions show on the message they changed (`edited`, `deleted`, `reactions`). A chat with no stored message is an empty list.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of ChatMessage.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    ...pageErrors,
    validation_error: invalid("a malformed chat JID or phone number, a malformed session id, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidLimit: errors.invalidLimit
    })
  },
  parameters: { jid: chatParameter },
  responses: {
    200: {
      description: "A page of messages, newest first.",
      examples: { one: { summary: "One received text", value: { items: [receivedText], nextCursor: "" } } }
    }
  }
}

export const markRead: OperationDoc = {
  summary: "Mark a chat read",
  what:
    "Marks the chat's received messages read, up to `upTo` (that message and every older one; all of them when omitted): WhatsApp gets read receipts, so the senders see their messages read, and the store marks them `read` (the chat's `unread` drops). Messages already read send nothing again.",
  capability: "send",
  served: "live",
  success: "**204 No Content**.",
  sideEffects: "Read receipts go to the senders; the messages' stored `status` becomes `read`. No event is recorded: the caller made the change.",
  idempotency: "Idempotent: a second call finds nothing left to mark.",
  errors: {
    validation_error: invalid("an `upTo` that is not a stored message of this chat, a malformed chat JID or phone number, or a malformed session id"),
    forbidden: missing("send"),
    not_found: sessionNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  parameters: { jid: chatParameter },
  request: {
    all: { summary: "Everything received", value: {} },
    upTo: { summary: "Up to one message", value: { upTo: "3EB0C431C26A1916F1A2" } }
  }
}
