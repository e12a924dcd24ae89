import { Schema } from "effect"

/**
 * What the session's account shows in a chat: typing, recording a voice note, or neither (it stopped). WhatsApp
 * clears a state on its own after a while, so a caller repeats it for as long as it holds.
 */
export const ChatPresence = Schema.Literals(["composing", "recording", "paused"]).annotate({
  description: "`composing` (typing), `recording` (recording a voice note) or `paused` (stopped)."
})
export type ChatPresence = typeof ChatPresence.Type
