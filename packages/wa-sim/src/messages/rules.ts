import type { Account } from "../accounts/Account.ts"
import type { Chat } from "./envelope.ts"
import type { LoggedMessage } from "./ServerLog.ts"

/** How long after it was sent a message may be edited (WhatsApp's own clients offer it for 15 minutes). */
export const EDIT_WINDOW_SECONDS = 15 * 60

/** A change to an earlier message: an edit, or a delete for everyone (revoke). */
export type Change = "edit" | "delete"

/** Why the server refused a message. */
export type RefusalReason =
  | "unknown_message"
  | "not_author"
  | "edit_window"
  | "not_admin"
  | "not_on_whatsapp"
  | "unknown_group"
  | "not_participant"
  | "announcement"

export interface Refusal {
  /** The `error` of the `<ack class="message">`. */
  readonly error: number
  readonly reason: RefusalReason
}

/** The stanza's `edit` attribute as a change (Baileys `sendMessage`, whatsmeow `getEditAttribute`): 1 edit, 7/8 revoke. */
export const changeOf = (edit: string | undefined): Change | undefined =>
  edit === "1" ? "edit" : edit === "7" || edit === "8" ? "delete" : undefined

const sameChat = (chat: Chat, sender: Account, other: LoggedMessage): boolean => {
  if (chat.kind === "group" || other.chat.kind === "group") {
    return chat.kind === "group" && other.chat.kind === "group" && chat.jid === other.chat.jid
  }
  const people = new Set([sender, chat.peer])
  return people.has(other.sender.account) && people.has(other.chat.peer) && other.sender.account !== other.chat.peer
}

/**
 * Whether `actor` may make `change` to the message `target` names, from `chat`, at `now`: an edit only of the
 * actor's own message, within the edit window; a delete for everyone of the actor's own message, or in a group of
 * anyone's when the actor is an admin. Undefined when allowed.
 */
export const refusalOf = (input: {
  readonly change: Change
  readonly actor: Account
  readonly chat: Chat
  readonly target: LoggedMessage | undefined
  readonly now: number
  readonly isAdmin: (group: string, account: Account) => boolean
}): Refusal | undefined => {
  const { actor, change, chat, now, target } = input
  if (target === undefined || !sameChat(chat, actor, target)) return { error: 404, reason: "unknown_message" }
  const own = target.sender.account === actor
  if (change === "edit") {
    if (!own) return { error: 403, reason: "not_author" }
    return now - target.t > EDIT_WINDOW_SECONDS ? { error: 406, reason: "edit_window" } : undefined
  }
  if (own) return undefined
  if (chat.kind === "direct") return { error: 403, reason: "not_author" }
  return input.isAdmin(chat.jid, actor) ? undefined : { error: 403, reason: "not_admin" }
}
