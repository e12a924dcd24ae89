import type { Account } from "../accounts/Account.ts"
import type { proto } from "../protocol/baileys.ts"

/** A message as a played phone holds it: what it quotes, edits, deletes and votes on. */
export interface HeldMessage {
  readonly id: string
  /** The group's JID, or in a direct chat the other party's phone JID. */
  readonly chat: string
  readonly sender: Account
  readonly fromMe: boolean
  readonly message: proto.IMessage
}

/** The decrypted messages each played phone received, and those it sent, by id. */
export class PhoneHistory {
  private readonly byAccount = new Map<Account, Map<string, HeldMessage>>()

  add(account: Account, message: HeldMessage): void {
    const held = this.byAccount.get(account) ?? new Map<string, HeldMessage>()
    this.byAccount.set(account, held)
    if (!held.has(message.id)) held.set(message.id, message)
  }

  /** The message `id` the account's phone holds in `chat`. */
  find(account: Account, chat: string, id: string): HeldMessage | undefined {
    const held = this.byAccount.get(account)?.get(id)
    return held?.chat === chat ? held : undefined
  }
}
