import { envelope } from "./examples.ts"
import { invalid, missing, notConnected, sessionNotFound, whatsappFailed } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const chatsTag =
  "What the session's account shows in one chat (a user or a group) while it is there: typing, recording a voice note. These are live actions that need a connected session; nothing about them is stored."

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
