import { randomInt } from "node:crypto"
import type { Account } from "../accounts/Account.ts"
import type { GroupDirectory, GroupMembership } from "../messages/GroupDirectory.ts"
import { type AddressingMode, Group, type NewGroup } from "./Group.ts"

const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const CODE_LENGTH = 22
const GROUP_JID = /^([0-9]{1,30}(?:-[0-9]{1,15})?)@g\.us$/

/** What an invite code leads to: a group, a code that was revoked (410), or nothing (406). */
export type InviteLookup =
  | { readonly kind: "group"; readonly group: Group }
  | { readonly kind: "revoked" }
  | { readonly kind: "unknown" }

/**
 * Every group of the simulated world, by id and by invite code. Ids look like WhatsApp's current ones
 * (`120363` + 12 digits); invite codes are 22 letters and digits, unique, and a revoked code stays known as
 * revoked. New groups are LID-addressed unless the world's default, or the creating account's choice, says
 * otherwise (control `setGroupAddressing`).
 */
export class Groups implements GroupDirectory {
  private readonly byId = new Map<string, Group>()
  private readonly byCode = new Map<string, Group>()
  private readonly revoked = new Set<string>()
  private readonly addressingOf = new Map<Account, AddressingMode>()
  /** The addressing mode of groups created by accounts that did not choose one. */
  defaultAddressing: AddressingMode = "lid"

  /** The addressing mode the account's next group gets. */
  addressingFor(account: Account): AddressingMode {
    return this.addressingOf.get(account) ?? this.defaultAddressing
  }

  chooseAddressing(account: Account, mode: AddressingMode): void {
    this.addressingOf.set(account, mode)
  }

  create(input: Omit<NewGroup, "id">): Group {
    const sixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, "0")
    let id = `120363${sixDigits()}${sixDigits()}`
    while (this.byId.has(id)) id = `120363${sixDigits()}${sixDigits()}`
    const group = new Group({ ...input, id })
    this.byId.set(id, group)
    return group
  }

  /** The group a JID (`<id>@g.us`) names, if it exists. */
  find(jid: string): Group | undefined {
    const match = GROUP_JID.exec(jid)
    return match ? this.byId.get(match[1]!) : undefined
  }

  /** The group's invite code, made on first use. */
  inviteCodeOf(group: Group): string {
    if (group.inviteCode !== undefined) return group.inviteCode
    const code = this.freshCode()
    group.inviteCode = code
    this.byCode.set(code, group)
    return code
  }

  /** Replaces the group's invite code; the old one answers "revoked" from now on. */
  revokeInvite(group: Group): string {
    if (group.inviteCode !== undefined) {
      this.byCode.delete(group.inviteCode)
      this.revoked.add(group.inviteCode)
      group.inviteCode = undefined
    }
    return this.inviteCodeOf(group)
  }

  lookupInvite(code: string): InviteLookup {
    const group = this.byCode.get(code)
    if (group !== undefined) return { kind: "group", group }
    return this.revoked.has(code) ? { kind: "revoked" } : { kind: "unknown" }
  }

  /** Who is in a group and who may send there, for the message router; undefined for no such group. */
  membership(jid: string): GroupMembership | undefined {
    const group = this.find(jid)
    if (group === undefined) return undefined
    const addresses = (accounts: Iterable<Account>) => [...accounts].map((account) => group.addressOf(account))
    return {
      addressingMode: group.addressingMode,
      participants: addresses(group.members.keys()),
      senders: group.announce ? addresses(group.admins) : undefined,
      admins: addresses(group.admins)
    }
  }

  /** The groups the account is a member of, oldest first. */
  of(account: Account): ReadonlyArray<Group> {
    return [...this.byId.values()].filter((group) => group.isMember(account))
  }

  get all(): ReadonlyArray<Group> {
    return [...this.byId.values()]
  }

  /** A fresh code for an add request or an invite link. */
  freshCode(): string {
    const draw = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)]).join("")
    let code = draw()
    while (this.byCode.has(code) || this.revoked.has(code)) code = draw()
    return code
  }
}
