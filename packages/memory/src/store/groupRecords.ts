import {
  applySettingsPatch,
  type Community,
  type Group,
  type GroupInfo,
  type GroupJid,
  type GroupPatch,
  type Member,
  type ParticipantAction,
  type Timestamp,
  type UserJid
} from "@wagate/core"
import type { GroupRecord } from "./MemoryState.ts"
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

/** A record for a group as WhatsApp describes it; a member listed twice counts once (the last entry wins). */
export const fromInfo = (info: GroupInfo, at: Timestamp): GroupRecord => ({
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
  members: new Map(info.members.map((member) => [member.jid, member]))
})

export const applyPatch = (record: GroupRecord, patch: GroupPatch, at: Timestamp): GroupRecord => ({
  ...record,
  subject: patch.subject ?? record.subject,
  description: patch.description === undefined ? record.description : patch.description,
  settings: patch.settings === undefined ? record.settings : applySettingsPatch(record.settings, patch.settings),
  updatedAt: at
})

const roleAfter = (action: "promote" | "demote", member: Member): Member =>
  member.role === "superadmin" ? member : { jid: member.jid, role: action === "promote" ? "admin" : "member" }

/**
 * `add` inserts absent members as `member` (present ones keep their role), `remove` deletes, `promote` and
 * `demote` change the role of present members except a superadmin. Applying the same change twice changes nothing.
 */
export const applyParticipantAction = (
  record: GroupRecord,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>,
  at: Timestamp
): GroupRecord => {
  const members = new Map(record.members)
  for (const jid of participants) {
    const current = members.get(jid)
    switch (action) {
      case "add":
        if (current === undefined) members.set(jid, { jid, role: "member" })
        break
      case "remove":
        members.delete(jid)
        break
      case "promote":
      case "demote":
        if (current !== undefined) members.set(jid, roleAfter(action, current))
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
