import type { Account } from "../accounts/Account.ts"
import { node } from "../protocol/nodes.ts"
import type { Group } from "./Group.ts"
import type { GroupAct } from "./GroupCall.ts"
import { groupNode, participantNode } from "./nodes.ts"
import { membersOf } from "./users.ts"

/** How accounts arrive in a group, for the notifications. */
export interface Arrival {
  /** Who added them (an admin, an approving admin, the creator); none for a join by invite link. */
  readonly author: Account | undefined
  /** `reason` of the `add` and `create` notifications: `invite` for a join by link (whatsmeow `JoinReason`). */
  readonly reason?: string | undefined
}

/** How accounts leave a group. */
export interface Departure {
  readonly author: Account | undefined
  /** They left by themselves (an admin cannot add them back directly for a while: 408). */
  readonly left: boolean
  /** Leaving a community leaves its linked groups too (`communityLeave`, a `remove linked_groups="true"`). */
  readonly linkedGroups?: boolean | undefined
}

/** `v_id` and `prev_v_id` of a membership change (whatsmeow `ParticipantVersionID`). */
const bumpVersion = (group: Group): Record<string, string> => {
  const prev = group.participantVersion++
  return { prev_v_id: String(prev), v_id: String(group.participantVersion) }
}

/**
 * Makes accounts members of a group. Those already in get `<add [reason]><participant/>…</add>`; the
 * newcomers' devices get `<create [reason]><group/></create>` with the whole group (whatsmeow: `JoinedGroup`,
 * "when you join or are added"; Baileys: `groups.upsert`). Joining a community's group makes one a member of
 * the community and its announcement group too.
 */
export const admit = (call: GroupAct, group: Group, accounts: ReadonlyArray<Account>, arrival: Arrival): void => {
  const newcomers = [...new Set(accounts)].filter((account) => !group.isMember(account))
  if (newcomers.length === 0) return
  const before = membersOf(group)
  for (const account of newcomers) {
    group.members.set(account, "member")
    group.requests.delete(account)
    group.leftAt.delete(account)
    group.addRequests.delete(account)
  }
  const version = bumpVersion(group)
  call.notify.send(group, before, arrival.author, node("add", { reason: arrival.reason, ...version },
    newcomers.map((account) => participantNode(group, account, false))))
  // A newcomer who is the actor joined by themselves (link, invite): their device learns the group this way.
  call.notify.send(group, newcomers, arrival.author, node("create", { reason: arrival.reason }, [groupNode(group)]), true)
  const announcement = group.community?.announcement
  if (announcement !== undefined) admit(call, announcement, newcomers, { author: arrival.author, reason: arrival.reason })
  else if (group.parent !== undefined && !group.isAnnouncement) {
    admit(call, group.parent, newcomers, { author: arrival.author, reason: arrival.reason })
  }
}

/**
 * Takes accounts out of a group. Everyone who was in (the leavers too) gets `<remove><participant/></remove>`
 * from the author; a member removing themselves is a leave (Baileys: `GROUP_PARTICIPANT_LEAVE`). Leaving a
 * community leaves its announcement group. When no admin is left, the longest-standing member becomes one.
 */
export const dismiss = (call: GroupAct, group: Group, accounts: ReadonlyArray<Account>, departure: Departure): void => {
  const leaving = [...new Set(accounts)].filter((account) => group.isMember(account))
  if (leaving.length === 0) return
  const before = membersOf(group)
  const removed = leaving.map((account) => participantNode(group, account, false))
  for (const account of leaving) {
    group.members.delete(account)
    group.requests.delete(account)
    if (departure.left) group.leftAt.set(account, call.now)
  }
  call.notify.send(group, before, departure.author, node("remove", bumpVersion(group), removed))
  if (group.community !== undefined) {
    const cascade: Departure = { author: departure.author, left: departure.left }
    if (group.community.announcement !== undefined) dismiss(call, group.community.announcement, leaving, cascade)
    if (departure.linkedGroups) for (const sub of group.community.subGroups) dismiss(call, sub, leaving, cascade)
  }
  keepAnAdmin(call, group)
}

/** A group whose last admin left gets one again: its longest-standing member, announced as a `promote`. */
const keepAnAdmin = (call: GroupAct, group: Group): void => {
  const [first] = group.members.keys()
  if (first === undefined || group.admins.length > 0) return
  group.members.set(first, "admin")
  call.notify.send(group, membersOf(group), undefined, node("promote", bumpVersion(group), [participantNode(group, first, false)]))
}

/** Promotes or demotes members; those whose role changes are announced as `promote`/`demote`. */
export const changeRoles = (
  call: GroupAct,
  group: Group,
  accounts: ReadonlyArray<Account>,
  action: "promote" | "demote"
): void => {
  const changed = [...new Set(accounts)].filter((account) => {
    const role = group.roleOf(account)
    return action === "promote" ? role === "member" : role === "admin"
  })
  if (changed.length === 0) return
  for (const account of changed) group.members.set(account, action === "promote" ? "admin" : "member")
  call.notify.send(group, membersOf(group), call.actor, node(action, bumpVersion(group),
    changed.map((account) => participantNode(group, account, false))))
  keepAnAdmin(call, group)
}
