import type { Account } from "../accounts/Account.ts"
import type { BinaryNode } from "../protocol/baileys.ts"

/** What a `<chatstate>` shows: typing, recording a voice note (`<composing media="audio"/>`), or neither. */
export type ChatState = "composing" | "recording" | "paused"

/** A typing or recording state an account's client showed in a chat. */
export interface ChatStateRecord {
  /** The chat as the client named it (`to`): a user's phone JID or LID, or a group JID. */
  readonly chat: string
  readonly state: ChatState
  /** The sending device's JID. */
  readonly device: string
}

/** The state a `<chatstate>` stanza carries, or undefined for one whose child is neither of WhatsApp's two. */
export const chatStateOf = (stanza: BinaryNode): ChatState | undefined => {
  const child = Array.isArray(stanza.content) ? stanza.content[0] : undefined
  if (child?.tag === "paused") return "paused"
  if (child?.tag === "composing") return child.attrs["media"] === "audio" ? "recording" : "composing"
  return undefined
}

const KEPT_PER_ACCOUNT = 1000

/**
 * The latest chat states each account's clients sent, in order. WhatsApp keeps none of them (it only passes them on),
 * so this record exists for tests to see that a client's state reached the server.
 */
export class ChatStates {
  private readonly byAccount = new Map<Account, Array<ChatStateRecord>>()

  record(account: Account, entry: ChatStateRecord): void {
    const sent = this.byAccount.get(account) ?? []
    sent.push(entry)
    // A client repeats "typing" every few seconds for as long as it types; a long run keeps only the latest.
    if (sent.length > KEPT_PER_ACCOUNT) sent.shift()
    this.byAccount.set(account, sent)
  }

  of(account: Account): ReadonlyArray<ChatStateRecord> {
    return [...(this.byAccount.get(account) ?? [])]
  }
}
