import { envelope, errors, pollResult, sendBodies } from "./examples.ts"
import { invalid, sessionNotFound } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

const textResult = {
  id: "01M8RC1T0ND1W5J50J6MXXY7Q7",
  sessionId: "bob",
  to: "6281234567890@s.whatsapp.net",
  type: "text",
  status: "sent",
  waMessageId: "3EB0D2A41F7C90B35E8A6D",
  attempts: 1,
  createdAt: "2026-12-01T08:37:58.421Z",
  updatedAt: "2026-12-01T08:37:58.423Z",
  error: null
}

const failedResult = {
  ...textResult,
  id: "01M8RC9Q4ZB2K7H3W6TNFVE0SA",
  status: "failed",
  waMessageId: "3EB05B9E20C4A7F18D3E4C",
  updatedAt: "2026-12-01T08:41:12.907Z",
  error: { code: "session_logged_out", message: "session bob is not connected (status: logged_out)" }
}

export const messagesTag =
  "Sending messages from a session to a user or a group, acting on earlier ones (replies, reactions, edits, deletions for everyone), and reading where a sent message stands. There is a single send endpoint for every kind of message; the body's `type` chooses which. What the session receives is under Chats."

const queuedResult = {
  ...textResult,
  id: "01M8RC4V7E2S9TQK1B3NDXW6YH",
  status: "queued",
  waMessageId: "3EB0C7F19A2D4B8E6F0A1C",
  attempts: 0,
  updatedAt: textResult.createdAt
}

export const sendMessage: OperationDoc = {
  summary: "Send a message",
  what: [
    "Sends one message from the session to a user or a group (`to`: a JID, or a phone number for a user). The body's `type` chooses the kind: `text`, `poll`, `location` or `contact`, or an act on a stored message of the chat (`targetWaMessageId`): a `reaction` (`\"\"` removes the session's), an `edit` of a text the session's account sent (within WhatsApp's 15-minute window), a `delete` for everyone (the account's own message, or, in a group it administers, someone else's). `replyTo` on a text, poll, location or contact quotes a stored message of the same chat; `mentions: [\"all\"]` in a group mentions every stored member (expanded when the message goes out, without asking WhatsApp). WhatsApp's rules for these are checked from the store before anything is accepted. The media types (`image`, `video`, `audio`, `document`, `sticker`) are named by the contract but not built in v1: they answer **501 `not_implemented`** before anything is stored, whatever else the body holds.",
    "**Delivery:** the message is first committed to the session's outbox (`queued`, with its `waMessageId` chosen now) together with its `message.status` event; then the session's messages go out one at a time, in the order they were accepted, paced by the rate limit. The session need not be connected: a queued message waits for it, and is retried with backoff (under the same `waMessageId`, so WhatsApp never shows it twice) on transient failures, until `WAGATE_SEND_MAX_AGE_SECONDS` (then it is `failed` with `expired`). **Synchronous** (default): the call waits for the outcome up to `WAGATE_SEND_TIMEOUT_SECONDS` (30 s) and answers **200** with it (`sent`, or `failed` with its `error`), or **202** with the still-`queued` message. **`?async=true`**: **202** with the `queued` message at once; follow `message.status` events or `GET …/messages/{id}`.",
    "**Idempotency-Key:** send a key of your own (1 to 255 printable characters) to make retries safe: a key already used by your organisation answers with **that** message as it is now and stores nothing (an asynchronous request's key always answers 202; a synchronous one's 200 once the message has an outcome, 202 while it is queued); the same key with a different body (or mode) is **409 `conflict`**. Concurrent requests with one key make one message: every one of them answers with its id.",
    "**Rate limit:** each session sends at most `WAGATE_SEND_RATE_PER_MINUTE` messages a minute (default 60, with a burst of as many). A synchronous send over it is **429 `rate_limited`** with `Retry-After`, and nothing is stored; an asynchronous one is accepted and goes out when the rate allows."
  ].join("\n\n"),
  capability: "send",
  served: "live",
  success:
    "**200 OK** with the SendResult once the message has an outcome: `status: \"sent\"` (or `failed` with `error`), `attempts`, and `waMessageId`: WhatsApp's id for the message, chosen by the gateway at acceptance. **202 Accepted** with the `queued` SendResult for `?async=true`, and for a synchronous send not sent within `WAGATE_SEND_TIMEOUT_SECONDS` (it goes on in the background).",
  sideEffects: "The message, its idempotency key and a `message.status` event (`queued`) are stored in one transaction; when it is sent or fails, another `message.status` event. Receipts later move it to `delivered` and `read`.",
  idempotency: "Only with an `Idempotency-Key`: without one, every call sends another message.",
  notes:
    "In an announcement group (`isAnnounce`) only admins may post, and a group the session left refuses it: both are checked from stored data before the message is accepted. Messages of one session go out in the order they were accepted. `GET …/messages/{id}` reads the message's status later.",
  errors: {
    validation_error: invalid(
      "a malformed body: an unknown `type`, a missing or malformed field for the chosen type (`to`, `text`, 2 to 12 distinct poll `options`, coordinates out of range, 1 to 10 contacts), a `replyTo` or `targetWaMessageId` that is not a stored message of the chat, an `edit` of a message the account did not send, of a non-text or after the 15-minute window, a `delete` of someone else's message in a direct chat, or a malformed `Idempotency-Key` or session id",
      {
        notOwn: {
          summary: "An edit of someone else's message",
          value: envelope("validation_error", "invalid targetWaMessageId", { targetWaMessageId: "only messages the session's account sent can be edited" })
        },
        pollOptions: {
          summary: "A poll with one option",
          value: envelope("validation_error", "invalid options", { options: "a poll needs 2 to 12 options" })
        },
        unknownType: {
          summary: "An unknown type",
          value: envelope("validation_error", "invalid type", {
            type: "must be one of text, poll, location, contact, reaction, edit, delete, image, video, audio, document, sticker"
          })
        }
      }
    ),
    forbidden: {
      when:
        "the caller lacks the `send` capability (`details.capability`), or `to` is a group the session's account has left (`details.reason`: `not_member`) or an announcement group where it is not an admin (`not_admin`), or a `delete` of someone else's message in a group the account does not administer (`not_admin`).",
      examples: { missingCapability: errors.missingSend, notAdmin: errors.notAdmin, notMember: errors.notMember }
    },
    not_found: sessionNotFound,
    conflict: {
      when: "the `Idempotency-Key` was used before with a different body or mode (`details.reason`: `idempotency_key_reused`).",
      examples: {
        reused: {
          summary: "The key was used with another body",
          value: envelope("conflict", "Idempotency-Key poll-1 was already used with a different request", { reason: "idempotency_key_reused" })
        }
      }
    },
    rate_limited: {
      when: "a synchronous send while the session is over its send rate; `Retry-After` (and `details.retryAfterSeconds`) say how many seconds to wait. Nothing was stored.",
      headers: { "retry-after": { description: "Whole seconds to wait before sending again." } },
      examples: { rateLimited: { summary: "Over the rate", value: envelope("rate_limited", "send rate exceeded; retry after 2s", { retryAfterSeconds: 2 }) } }
    },
    not_implemented: {
      when: "a media `type`, not built in v1 (`details.reason`: `not_built`); nothing was stored.",
      examples: {
        media: { summary: "A media type", value: envelope("not_implemented", "sending image messages is not implemented yet", { reason: "not_built" }) }
      }
    }
  },
  parameters: {
    session: { description: "The session that sends (1 to 64 of `A-Z a-z 0-9 _ -`); it need not be connected: its messages wait in its queue.", example: "bob", schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } }
  },
  request: sendBodies,
  responses: {
    200: {
      description: "The message has its outcome: WhatsApp acknowledged it (`sent`), or it failed (`failed`, with `error`). With a known `Idempotency-Key` of a synchronous request, the message as it is now.",
      examples: {
        poll: { summary: "Bob's poll, sent", value: pollResult },
        text: { summary: "A text to a phone number, sent", value: textResult }
      }
    },
    202: {
      description: "Accepted: the message is queued (`?async=true`, or a synchronous send that was not sent within `WAGATE_SEND_TIMEOUT_SECONDS`); it goes out in order, and `message.status` events tell its outcome.",
      examples: { queued: { summary: "A text, queued", value: queuedResult } }
    }
  }
}

export const getMessage: OperationDoc = {
  summary: "Get a sent message",
  what:
    "Returns where a message the session sent stands now: `queued`, `sent`, `delivered`, `read` or `failed`. A poll also carries `votes`: how many voters chose each option, each voter's latest vote counting. A `failed` message says why in `error` (`{code, message}`: `session_logged_out`, `not_on_whatsapp`, `not_group_member`, `not_group_admin`, `not_found`, `expired`, `whatsapp_error`, …); `waMessageId` is WhatsApp's id for it, chosen before the first attempt, and `attempts` how many times it was handed to WhatsApp.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with the SendResult.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat (poll it, or follow `message.status` events).",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: { when: "the caller lacks the `read` capability (`details.capability`).", examples: { missingCapability: errors.missingRead } },
    not_found: {
      when: "no session with this id belongs to your organisation, or the session sent no message with this id.",
      examples: { sessionNotFound: errors.sessionNotFound, messageNotFound: errors.messageNotFound }
    }
  },
  parameters: {
    id: { description: "The message's id, from the send's answer (`id`).", example: pollResult.id, schema: { type: "string", minLength: 1 } }
  },
  responses: { 200: { description: "The message.", examples: { text: { summary: "A sent text", value: textResult }, failed: { summary: "A text that failed: the phone had unlinked the device", value: failedResult } } } }
}
