import type { Account, Device } from "../accounts/Account.ts"
import { type Address, parseAddress } from "../accounts/addresses.ts"
import { NotOnWhatsApp, type World } from "../accounts/World.ts"

/** How a chat names people on the wire: phone JIDs (`pn`) or LIDs (`lid`). */
export type Addressing = "pn" | "lid"

/** A device of an account. */
export interface DeviceRef {
  readonly account: Account
  readonly device: Device
}

export const addressingOf = (jid: string): Addressing => (jid.endsWith("@lid") ? "lid" : "pn")

export const userJidIn = (account: Account, addressing: Addressing): string =>
  addressing === "lid" ? account.lid : account.jid

export const deviceJidIn = (device: Device, addressing: Addressing): string =>
  addressing === "lid" ? device.lid : device.jid

/** A protocol JID (`user[:device]@s.whatsapp.net|lid`); plain numbers are not JIDs here. */
const jidAddress = (jid: string): Address | undefined => (jid.includes("@") ? parseAddress(jid) : undefined)

/**
 * The account a user JID names: phone numbers exist on demand (virtual users), except the sandbox's `000…`;
 * LIDs only name accounts that exist.
 */
export const accountOfJid = (world: World, jid: string): Account | undefined => {
  const address = jidAddress(jid)
  if (address === undefined) return undefined
  if (address.server === "lid") return world.find(address)
  try {
    return world.account(address.user)
  } catch (error) {
    if (error instanceof NotOnWhatsApp) return undefined
    throw error
  }
}

/** The device a device JID names (device 0 when it names none), if it exists. */
export const deviceOfJid = (world: World, jid: string): DeviceRef | undefined => {
  const address = jidAddress(jid)
  const account = address === undefined ? undefined : world.find(address)
  const device = account?.devices.get(address?.device ?? 0)
  return account === undefined || device === undefined ? undefined : { account, device }
}

/** True when the JID names a specific device (`user:device@…`). */
export const namesDevice = (jid: string): boolean => jidAddress(jid)?.device !== undefined
