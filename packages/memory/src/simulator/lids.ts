import { LidJid, type ParticipantRef, type PhoneJid, simulatedLidNumber, type UserJid } from "@wagate/core"

/** How a group names its members to the sessions in it: by LID (today's default on WhatsApp) or by phone JID. */
export type Addressing = "lid" | "pn"

/**
 * The LID of a simulated account: derived from its number by the rule wa-sim uses (`simulatedLidNumber`), so both
 * simulated worlds give an account the same twins.
 */
export const lidOf = (phoneJid: PhoneJid): LidJid => LidJid.make(`${simulatedLidNumber(phoneJid.split("@")[0]!)}@lid`)

/** The account as a group with this addressing names it. */
export const addressIn = (addressing: Addressing, account: PhoneJid): UserJid => addressing === "lid" ? lidOf(account) : account

/** The account as a participant of a change or of group metadata: the group's address and both twins. */
export const refIn = (addressing: Addressing, account: PhoneJid): ParticipantRef => ({
  jid: addressIn(addressing, account),
  phoneJid: account,
  lid: lidOf(account)
})
