import { Schema } from "effect"

export const SendErrorCode = Schema.Literals([
  "session_logged_out",
  "session_not_connected",
  "not_on_whatsapp",
  "not_group_member",
  "not_group_admin",
  "not_found",
  "expired",
  "whatsapp_error"
]).annotate({
  description:
    "`session_logged_out` (the phone unlinked the device), `session_not_connected` (the session was not connected), `not_on_whatsapp` (the recipient has no WhatsApp account), `not_group_member` / `not_group_admin` (the session may not post to the group), `not_found` (WhatsApp does not know the group), `expired` (not sent in time), `whatsapp_error` (WhatsApp failed for another reason)."
})
export type SendErrorCode = typeof SendErrorCode.Type

/** Why a message failed. */
export const SendError = Schema.Struct({
  code: SendErrorCode,
  message: Schema.String.annotate({ description: "What went wrong, for people." })
}).annotate({ description: "Why the message failed." })
export type SendError = typeof SendError.Type
