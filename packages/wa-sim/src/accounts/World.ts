import { randomInt } from "node:crypto"
import { isUnknownNumber } from "@wagate/core"
import { Groups } from "../groups/Groups.ts"
import { Account } from "./Account.ts"
import type { Address } from "./addresses.ts"

/** The number is not on WhatsApp (the sandbox's `000…` numbers). */
export class NotOnWhatsApp extends Error {
  override readonly name = "NotOnWhatsApp"
  readonly phone: string
  constructor(phone: string) {
    super(`${phone} is not on WhatsApp`)
    this.phone = phone
  }
}

/**
 * Every account of the simulated WhatsApp. Any well-formed number exists on demand (a virtual user with real
 * Signal keys), except numbers starting 000; accounts with linked companions are the ones clients log in as.
 */
export class World {
  private readonly byPhone = new Map<string, Account>()
  private readonly byLid = new Map<string, Account>()
  /** Every group, one model shared by all accounts (`w:g2`). */
  readonly groups = new Groups()

  /** The account of a phone number, made on first use; throws NotOnWhatsApp for `000…`. */
  account(phone: string): Account {
    const known = this.byPhone.get(phone)
    if (known) return known
    if (isUnknownNumber(phone)) throw new NotOnWhatsApp(phone)
    const account = new Account(phone, randomInt(1, 2 ** 31))
    this.byPhone.set(phone, account)
    this.byLid.set(account.lidUser, account)
    return account
  }

  /** The account an address names, if it exists already (LIDs only name existing accounts). */
  find(address: Address): Account | undefined {
    return address.server === "lid" ? this.byLid.get(address.user) : this.byPhone.get(address.user)
  }

  get accounts(): ReadonlyArray<Account> {
    return [...this.byPhone.values()]
  }
}
