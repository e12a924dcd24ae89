import {
  type GroupInfo,
  GroupJid,
  type GroupKind,
  isUserJid,
  type Member,
  type Timestamp,
  type UserJid
} from "@wagate/core"
import { type GroupMetadata, type GroupParticipant, jidNormalizedUser } from "@whiskeysockets/baileys"

/**
 * Turns a LID (`<digits>@lid`) into the phone JID behind it when known: from the participant itself, the
 * session's own account, or Baileys' LID mapping. The domain keeps phone JIDs until the LID work lands.
 */
export type PhoneOf = (lid: string) => UserJid | undefined

/** The phone JID of a participant, or `undefined` when only its LID is known. */
export const phoneJidOf = (participant: { readonly id: string; readonly phoneNumber?: string | undefined }, phoneOf: PhoneOf): UserJid | undefined => {
  const id = jidNormalizedUser(participant.id)
  if (isUserJid(id)) return id
  const pn = participant.phoneNumber === undefined ? undefined : jidNormalizedUser(participant.phoneNumber)
  if (pn !== undefined && isUserJid(pn)) return pn
  return phoneOf(id)
}

const kindOf = (meta: Partial<GroupMetadata>): GroupKind =>
  meta.isCommunity === true ? "community" : meta.isCommunityAnnounce === true ? "announcement" : "group"

/** Seconds since the epoch (WhatsApp's timestamps) as an ISO timestamp. */
export const isoFromSeconds = (seconds: number | undefined): Timestamp =>
  new Date((seconds !== undefined && Number.isFinite(seconds) ? seconds : 0) * 1000).toISOString() as Timestamp

/** The members WhatsApp listed, by phone JID; participants known only by LID are left out (until LID support). */
export const membersOf = (participants: ReadonlyArray<GroupParticipant>, phoneOf: PhoneOf): Array<Member> => {
  const members: Array<Member> = []
  const seen = new Set<string>()
  for (const participant of participants) {
    const jid = phoneJidOf(participant, phoneOf)
    if (jid === undefined || seen.has(jid)) continue
    seen.add(jid)
    members.push({ jid, role: participant.admin === "superadmin" ? "superadmin" : participant.admin === "admin" ? "admin" : "member" })
  }
  return members
}

/** A group as Baileys parsed it, as the domain's `GroupInfo`. */
export const toGroupInfo = (meta: GroupMetadata, phoneOf: PhoneOf): GroupInfo => {
  const owner = meta.ownerPn ?? meta.owner
  const ownerJid = owner === undefined ? undefined : phoneJidOf({ id: owner }, phoneOf)
  return {
    groupJid: GroupJid.make(jidNormalizedUser(meta.id)),
    subject: meta.subject ?? "",
    description: meta.desc ?? null,
    ownerJid: ownerJid ?? null,
    createdAt: isoFromSeconds(meta.creation),
    settings: {
      isAnnounce: meta.announce === true,
      isLocked: meta.restrict === true,
      joinApproval: meta.joinApprovalMode === true,
      memberAddMode: meta.memberAddMode === true ? "all_member_add" : "admin_add"
    },
    kind: kindOf(meta),
    parentJid: meta.linkedParent === undefined ? null : GroupJid.make(jidNormalizedUser(meta.linkedParent)),
    members: membersOf(meta.participants ?? [], phoneOf)
  }
}
