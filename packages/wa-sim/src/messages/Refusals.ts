import type { Account } from "../accounts/Account.ts"
import type { RefusedMessage } from "./records.ts"

/** The messages each account's clients sent that the server refused, in order. */
export class Refusals {
  private readonly byAccount = new Map<Account, Array<RefusedMessage>>()

  record(account: Account, refused: RefusedMessage): void {
    this.byAccount.set(account, [...(this.byAccount.get(account) ?? []), refused])
  }

  /** The refusal of `id` from `account`'s clients, if it was refused. */
  find(account: Account, id: string): RefusedMessage | undefined {
    return this.byAccount.get(account)?.find((refused) => refused.id === id)
  }

  of(account: Account): ReadonlyArray<RefusedMessage> {
    return [...(this.byAccount.get(account) ?? [])]
  }
}
