import {
  type GroupInfo,
  GroupJid,
  type GroupKind,
  isLidJid,
  isPhoneJid,
  isUserJid,
  type LidJid,
  type MemberInfo,
  type ParticipantRef,
  type PhoneJid,
  type Timestamp,
  type UserJid
} from "@wagate/core"
import { type GroupMetadata, type GroupParticipant, jidNormalizedUser } from "@whiskeysockets/baileys"

/** The phone JID behind a LID, where the connection knows it (its own account). */
export type PhoneOf = (lid: LidJid) => PhoneJid | undefined

const normalized = (jid: string | undefined): string | undefined => (jid === undefined ? undefined : jidNormalizedUser(jid))

/**
 * A participant as WhatsApp lists it: its address in the group (`id`: a LID in a LID-addressed group, a phone JID
 * otherwise) with the twins Baileys parsed (`phoneNumber`, `lid`), or the session's own phone behind its LID.
 */
export const participantRefOf = (
  participant: { readonly id: string; readonly phoneNumber?: string | undefined; readonly lid?: string | undefined },
  phoneOf: PhoneOf
): ParticipantRef | undefined => {
  const id = jidNormalizedUser(participant.id)
  if (!isUserJid(id)) return undefined
  const pn = normalized(participant.phoneNumber)
  const lid = normalized(participant.lid)
  const phoneJid = isPhoneJid(id) ? id : pn !== undefined && isPhoneJid(pn) ? pn : isLidJid(id) ? phoneOf(id) ?? null : null
  const lidJid = isLidJid(id) ? id : lid !== undefined && isLidJid(lid) ? lid : null
  return { jid: id, phoneJid, lid: lidJid }
}

/** The phone JID of a participant when known, else its address (a LID): how wagate names a user it reports. */
export const phoneJidOf = (
  participant: { readonly id: string; readonly phoneNumber?: string | undefined; readonly lid?: string | undefined },
  phoneOf: PhoneOf
): UserJid | undefined => {
  const ref = participantRefOf(participant, phoneOf)
  return ref === undefined ? undefined : ref.phoneJid ?? ref.jid
}

const kindOf = (meta: Partial<GroupMetadata>): GroupKind =>
  meta.isCommunity === true ? "community" : meta.isCommunityAnnounce === true ? "announcement" : "group"

/** Seconds since the epoch (WhatsApp's timestamps) as an ISO timestamp. */
export const isoFromSeconds = (seconds: number | undefined): Timestamp =>
  new Date((seconds !== undefined && Number.isFinite(seconds) ? seconds : 0) * 1000).toISOString() as Timestamp

/** The members WhatsApp listed, by their address in the group, with the twins it gave. */
export const membersOf = (participants: ReadonlyArray<GroupParticipant>, phoneOf: PhoneOf): Array<MemberInfo> => {
  const members: Array<MemberInfo> = []
  const seen = new Set<string>()
  for (const participant of participants) {
    const ref = participantRefOf(participant, phoneOf)
    if (ref === undefined || seen.has(ref.jid)) continue
    seen.add(ref.jid)
    const role = participant.admin === "superadmin" ? "superadmin" : participant.admin === "admin" ? "admin" : "member"
    members.push({ jid: ref.jid, role, phoneJid: ref.phoneJid ?? null, lid: ref.lid ?? null })
  }
  return members
}

/** A group as Baileys parsed it, as the domain's `GroupInfo`. */
export const toGroupInfo = (meta: GroupMetadata, phoneOf: PhoneOf): GroupInfo => {
  const owner = meta.ownerPn ?? meta.owner
  const ownerJid = owner === undefined ? undefined : phoneJidOf({ id: owner, phoneNumber: meta.ownerPn }, phoneOf)
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
