import { isLidJid, isPhoneJid, LidJid, type ParticipantRef, type PhoneJid, simulatedLidNumber, type UserJid } from "@wagate/core"
import type { SimGroup, World } from "./World.ts"

/**
 * Users in the simulated world are accounts named by their phone JID; each has a LID derived from the number by
 * the rule wa-sim uses (`simulatedLidNumber`), so both worlds give an account the same twins. A LID names only
 * an account the world already knows (as on WhatsApp, where LIDs are not guessable; ADR 0023).
 */

/** The LID of an account. */
export const lidOf = (phoneJid: PhoneJid): LidJid => LidJid.make(`${simulatedLidNumber(phoneJid.split("@")[0]!)}@lid`)

/** Every account the world knows: linked sessions, members and requesters of every group. */
const knownAccounts = (world: World): Set<PhoneJid> => {
  const known = new Set<PhoneJid>()
  for (const session of world.sessions.values()) if (session.phoneJid !== null) known.add(session.phoneJid)
  for (const group of world.groups.values()) {
    for (const member of group.members) known.add(member.jid)
    for (const request of group.joinRequests) if (isPhoneJid(request.jid)) known.add(request.jid)
  }
  return known
}

/** The account a user names: a phone JID is one; a LID is the known account it belongs to, if any. */
export const accountOf = (world: World, jid: UserJid): PhoneJid | undefined => {
  if (isPhoneJid(jid)) return jid
  if (!isLidJid(jid)) return undefined
  for (const phone of knownAccounts(world)) if (lidOf(phone) === jid) return phone
  return undefined
}

/** The account as the group names it: by LID in a LID-addressed group, else by phone JID. */
export const addressIn = (group: SimGroup, account: PhoneJid): UserJid => group.addressing === "lid" ? lidOf(account) : account

/** The account as a participant of a change or of group metadata: the group's address and both twins. */
export const refIn = (group: SimGroup, account: PhoneJid): ParticipantRef => ({
  jid: addressIn(group, account),
  phoneJid: account,
  lid: lidOf(account)
})
