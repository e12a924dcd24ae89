import { isLidJid, isPhoneJid, type PhoneJid, type UserJid } from "@wagate/core"
import { lidOf } from "./lids.ts"
import type { World } from "./World.ts"

/**
 * Users in the simulated world are accounts named by their phone JID, each with a LID derived from its number
 * (`lids.ts`). A LID names only an account the world already knows (as on WhatsApp, where LIDs are not
 * guessable; ADR 0023).
 */

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
