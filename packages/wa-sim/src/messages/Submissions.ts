import type { Account } from "../accounts/Account.ts"
import type { SubmittedMessage } from "./records.ts"

/** One id's record: `times` grows with each repeat. */
type Submission = { -readonly [K in keyof SubmittedMessage]: SubmittedMessage[K] }

/**
 * Every message id each account's clients sent, with how many times. WhatsApp de-duplicates by id: a client that
 * sends an id again (it lost the ack in a crash or a dropped socket) is acked again and nothing is delivered twice;
 * this is the record that decides it, and that a test reads to see the repeats happened.
 */
export class Submissions {
  private readonly byAccount = new Map<Account, Map<string, Submission>>()

  /**
   * Records one submission of `id` to `chat` by `account`'s clients, with the devices its `<participants>`
   * addressed (kept from the first); answers whether it is the first.
   */
  record(account: Account, chat: string, id: string, addressed: ReadonlyArray<string>): boolean {
    const sent = this.byAccount.get(account) ?? new Map<string, Submission>()
    this.byAccount.set(account, sent)
    const key = `${chat} ${id}`
    const seen = sent.get(key)
    if (seen !== undefined) {
      seen.times++
      return false
    }
    sent.set(key, { id, chat, times: 1, addressed })
    return true
  }

  /** What `account`'s clients sent, in the order each id was first accepted. */
  of(account: Account): ReadonlyArray<SubmittedMessage> {
    return [...(this.byAccount.get(account)?.values() ?? [])].map(({ id, chat, times, addressed }) => ({ id, chat, times, addressed }))
  }
}
