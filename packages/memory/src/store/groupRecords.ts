import {
  applySettingsPatch,
  type Community,
  type Group,
  type GroupInfo,
  type GroupJid,
  type GroupPatch,
  type Member,
  type ParticipantAction,
  type ParticipantRef,
  type Role,
  type Timestamp,
  type TwinPair,
  refTwins,
  type UserJid
} from "@wagate/core"
import type { GroupRecord, TwinTable } from "./MemoryState.ts"
import { sortByKey } from "./paging.ts"

export const byJid = (record: GroupRecord): GroupJid => record.groupJid

/** The API's view of a stored group: settings flattened, members counted. */
export const toGroup = (record: GroupRecord): Group => ({
  groupJid: record.groupJid,
  subject: record.subject,
  description: record.description,
  ownerJid: record.ownerJid,
  participants: record.members.size,
  isAnnounce: record.settings.isAnnounce,
  isLocked: record.settings.isLocked,
  joinApproval: record.settings.joinApproval,
  memberAddMode: record.settings.memberAddMode,
  createdAt: record.createdAt,
  left: record.left
})

export const emptyTwins = (): TwinTable => ({ lidOf: new Map(), phoneOf: new Map() })

/** Records pairs; a later pair for the same phone JID or LID replaces the earlier one. */
export const learn = (twins: TwinTable, pairs: ReadonlyArray<TwinPair>): void => {
  for (const { lid, phoneJid } of pairs) {
    const oldLid = twins.lidOf.get(phoneJid)
    if (oldLid !== undefined) twins.phoneOf.delete(oldLid)
    const oldPhone = twins.phoneOf.get(lid)
    if (oldPhone !== undefined) twins.lidOf.delete(oldPhone)
    twins.lidOf.set(phoneJid, lid)
    twins.phoneOf.set(lid, phoneJid)
  }
}

/** A participant with every twin known: the ones given, the one its address is, then the learned ones. */
export const complete = (twins: TwinTable, ref: ParticipantRef, role: Role): Member => {
  const { lid, phoneJid } = refTwins(ref)
  return {
    jid: ref.jid,
    phoneJid: phoneJid ?? (lid === null ? undefined : twins.phoneOf.get(lid)) ?? null,
    lid: lid ?? (phoneJid === null ? undefined : twins.lidOf.get(phoneJid)) ?? null,
    role
  }
}

/** Whether a stored member is the participant: any of the participant's forms is one of the member's. */
export const matches = (member: Member, ref: ParticipantRef): boolean => {
  const forms: ReadonlyArray<string | null> = [member.jid, member.phoneJid, member.lid]
  return [ref.jid, ref.phoneJid, ref.lid].some((jid) => jid != null && forms.includes(jid))
}

/** The stored member named by `ref` in any form, preferring the one stored under that very address. */
export const findMember = (members: ReadonlyMap<UserJid, Member>, ref: ParticipantRef): Member | undefined =>
  members.get(ref.jid) ?? Array.from(members.values()).find((member) => matches(member, ref))

/** The record with the twins of its members completed from what the session learned. */
export const withTwins = (record: GroupRecord, twins: TwinTable): GroupRecord => ({
  ...record,
  members: new Map(Array.from(record.members, ([jid, member]) => [jid, complete(twins, member, member.role)]))
})

/** A record for a group as WhatsApp describes it; a member listed twice counts once (the last entry wins). */
export const fromInfo = (info: GroupInfo, at: Timestamp, twins: TwinTable): GroupRecord => ({
  groupJid: info.groupJid,
  subject: info.subject,
  description: info.description,
  ownerJid: info.ownerJid,
  createdAt: info.createdAt,
  settings: info.settings,
  kind: info.kind,
  parentJid: info.parentJid,
  left: false,
  updatedAt: at,
  members: new Map(info.members.map((member) => [member.jid, complete(twins, member, member.role)]))
})

export const applyPatch = (record: GroupRecord, patch: GroupPatch, at: Timestamp): GroupRecord => ({
  ...record,
  subject: patch.subject ?? record.subject,
  description: patch.description === undefined ? record.description : patch.description,
  settings: patch.settings === undefined ? record.settings : applySettingsPatch(record.settings, patch.settings),
  updatedAt: at
})

const roleAfter = (action: "promote" | "demote", member: Member): Member =>
  member.role === "superadmin" ? member : { ...member, role: action === "promote" ? "admin" : "member" }

/**
 * `add` inserts absent members as `member` (present ones keep their role), `remove` deletes, `promote` and
 * `demote` change the role of present members except a superadmin; a participant matches a member by any of its
 * forms. Applying the same change twice changes nothing.
 */
export const applyParticipantAction = (
  record: GroupRecord,
  action: ParticipantAction,
  participants: ReadonlyArray<ParticipantRef>,
  at: Timestamp,
  twins: TwinTable
): GroupRecord => {
  const members = new Map(record.members)
  for (const ref of participants) {
    const current = findMember(members, ref)
    switch (action) {
      case "add":
        if (current === undefined) members.set(ref.jid, complete(twins, ref, "member"))
        break
      case "remove":
        for (const member of Array.from(members.values())) {
          if (matches(member, ref)) members.delete(member.jid)
        }
        break
      case "promote":
      case "demote":
        if (current !== undefined) members.set(current.jid, roleAfter(action, current))
        break
    }
  }
  return { ...record, members, updatedAt: at }
}

/** A community (a stored group of kind `community`) with its announcement group and linked groups among `all`. */
export const toCommunity = (community: GroupRecord, all: ReadonlyArray<GroupRecord>): Community => {
  const children = (kind: GroupRecord["kind"]): Array<GroupJid> =>
    sortByKey(all.filter((record) => record.kind === kind && record.parentJid === community.groupJid), byJid).map(byJid)
  return {
    communityJid: community.groupJid,
    subject: community.subject,
    announcementGroupJid: children("announcement")[0] ?? null,
    groups: children("group")
  }
}
