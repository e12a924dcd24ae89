import type { Account } from "../accounts/Account.ts"
import type { Envelope } from "./envelope.ts"
import type { ReceiptRecord, ReceiptSettings, ReceivedMessage } from "./records.ts"

/** What each played phone received, the receipts that came back to it, what it has not read, how it answers. */
export class PhoneRecords {
  private readonly inboxes = new Map<Account, Array<ReceivedMessage>>()
  private readonly receiptLogs = new Map<Account, Array<ReceiptRecord>>()
  private readonly unreadByAccount = new Map<Account, ReadonlyArray<Envelope>>()
  private readonly settingsByAccount = new Map<Account, ReceiptSettings>()

  received(account: Account): ReadonlyArray<ReceivedMessage> {
    return [...(this.inboxes.get(account) ?? [])]
  }

  addReceived(account: Account, message: ReceivedMessage): void {
    this.inboxes.set(account, [...(this.inboxes.get(account) ?? []), message])
  }

  receipts(account: Account): ReadonlyArray<ReceiptRecord> {
    return [...(this.receiptLogs.get(account) ?? [])]
  }

  addReceipt(account: Account, receipt: ReceiptRecord): void {
    this.receiptLogs.set(account, [...(this.receiptLogs.get(account) ?? []), receipt])
  }

  addUnread(account: Account, envelope: Envelope): void {
    this.unreadByAccount.set(account, [...(this.unreadByAccount.get(account) ?? []), envelope])
  }

  /** Takes the unread messages (only `ids`, when given) off the list. */
  takeUnread(account: Account, ids: ReadonlyArray<string> | undefined): ReadonlyArray<Envelope> {
    const unread = this.unreadByAccount.get(account) ?? []
    const taken = unread.filter((envelope) => ids === undefined || ids.includes(envelope.id))
    this.unreadByAccount.set(account, unread.filter((envelope) => !taken.includes(envelope)))
    return taken
  }

  /**
   * By default a phone confirms delivery, and one without linked companions (a virtual user) reads at once; a
   * linked account's phone leaves reading to its companions.
   */
  settings(account: Account): ReceiptSettings {
    return this.settingsByAccount.get(account) ?? { delivered: true, read: account.companions.length === 0 }
  }

  changeSettings(account: Account, change: Partial<ReceiptSettings>): ReceiptSettings {
    const settings = { ...this.settings(account), ...change }
    this.settingsByAccount.set(account, settings)
    return settings
  }
}
