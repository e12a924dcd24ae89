import { InboundChange, type ParticipantOutcome, type ParticipantRef, type PhoneJid, type SessionId, type UserJid } from "@wagate/core"
import { accountOf } from "./identity.ts"
import { refIn } from "./lids.ts"
import { isPrivateNumber, isUnknownNumber } from "./phone.ts"
import { memberJids, memberOf, notify, type SimGroup, type SimMember, toGroupInfo, type World, withGroup } from "./World.ts"

/**
 * A membership change applied to the world: per-participant results (each named as asked, with the account as
 * the group addresses it and both twins when the account exists) and what the other sessions are told.
 */
export interface Outcome {
  readonly world: World
  readonly results: ReadonlyArray<ParticipantOutcome>
  readonly changes: ReadonlyArray<InboundChange>
}

/** Added by an admin (privacy settings apply), or joined by the account's own will (invite link, approval). */
export type Arrival = "added" | "joined"

/** Removed by an admin (the superadmin cannot be), or left by itself. */
export type Departure = "removed" | "left"

const announcementOf = (world: World, group: SimGroup): SimGroup | undefined =>
  group.kind === "community" && group.announcementJid !== null ? world.groups.get(group.announcementJid) : undefined

/** The `member` of an outcome: an account on WhatsApp as the group names it, with both twins. */
export const addressedIn = (group: SimGroup, account: PhoneJid | undefined): { readonly member?: ParticipantRef } =>
  account === undefined || isUnknownNumber(account) ? {} : { member: refIn(group.addressing, account) }

/** Who made a change, as the other sessions are told it: the acting session's account (its phone JID). */
const authorOf = (world: World, actor: SessionId): PhoneJid | null => world.sessions.get(actor)?.phoneJid ?? null

/** The participants of a change as the group names them, with both twins. */
const refsIn = (group: SimGroup, accounts: ReadonlyArray<PhoneJid>) => accounts.map((account) => refIn(group.addressing, account))

/**
 * Adds accounts to a group; each is named by a phone JID or the LID of a known account (an unknown LID is not on
 * WhatsApp), and each result names it as given. Sessions already in the group see `ParticipantsChanged(add)`;
 * sessions of the new accounts see the whole group (`GroupSeen`). A community's new members join its
 * announcement group too.
 */
export const addAccounts = (
  world: World,
  actor: SessionId,
  group: SimGroup,
  jids: ReadonlyArray<UserJid>,
  arrival: Arrival
): Outcome => {
  const members: Array<SimMember> = [...group.members]
  const added: Array<PhoneJid> = []
  const results = jids.map((jid): ParticipantOutcome => {
    const account = accountOf(world, jid)
    if (account === undefined || isUnknownNumber(account)) return { jid, status: "not_on_whatsapp" }
    const member = refIn(group.addressing, account)
    if (members.some((m) => m.jid === account)) return { jid, status: "already_member", member }
    if (arrival === "added" && isPrivateNumber(account)) return { jid, status: "invite_sent", member }
    members.push({ jid: account, role: "member" })
    added.push(account)
    return { jid, status: "added", member }
  })
  if (added.length === 0) return { world, results, changes: [] }

  const after: SimGroup = { ...group, members, joinRequests: group.joinRequests.filter((r) => !added.some((account) => account === r.jid)) }
  const next = withGroup(world, after)
  const changes = [
    ...notify(next, memberJids(group), actor, (sessionId) =>
      InboundChange.ParticipantsChanged({
        sessionId,
        groupJid: group.jid,
        action: "add",
        participants: refsIn(after, added),
        author: authorOf(world, actor)
      })),
    // A joiner's own session is told too: joining returns no group, the snapshot comes this way.
    ...notify(next, added, arrival === "joined" ? null : actor, (sessionId) =>
      InboundChange.GroupSeen({ sessionId, group: toGroupInfo(after) }))
  ]
  const announcement = announcementOf(next, after)
  if (announcement === undefined) return { world: next, results, changes }
  const nested = addAccounts(next, actor, announcement, added, "joined")
  return { world: nested.world, results, changes: [...changes, ...nested.changes] }
}

/**
 * Removes accounts from a group. The remaining sessions and the removed ones see `ParticipantsChanged(remove)`.
 * Leaving a community leaves its announcement group too.
 */
export const removeAccounts = (
  world: World,
  actor: SessionId,
  group: SimGroup,
  jids: ReadonlyArray<UserJid>,
  departure: Departure
): Outcome => {
  const removed: Array<PhoneJid> = []
  const results = jids.map((jid): ParticipantOutcome => {
    const account = accountOf(world, jid)
    const member = account === undefined ? undefined : memberOf(group, account)
    const addressed = addressedIn(group, account)
    if (member === undefined || removed.includes(member.jid)) return { jid, status: "not_member", ...addressed }
    if (departure === "removed" && member.role === "superadmin") return { jid, status: "failed", ...addressed }
    removed.push(member.jid)
    return { jid, status: "removed", ...addressed }
  })
  if (removed.length === 0) return { world, results, changes: [] }

  const after: SimGroup = { ...group, members: group.members.filter((m) => !removed.includes(m.jid)) }
  const next = withGroup(world, after)
  const changes = notify(next, memberJids(group), actor, (sessionId) =>
    InboundChange.ParticipantsChanged({
      sessionId,
      groupJid: group.jid,
      action: "remove",
      participants: refsIn(group, removed),
      author: authorOf(world, actor)
    }))
  const announcement = announcementOf(next, after)
  if (announcement === undefined) return { world: next, results, changes }
  const stillThere = removed.filter((jid) => memberOf(announcement, jid) !== undefined)
  const nested = removeAccounts(next, actor, announcement, stillThere, departure)
  return { world: nested.world, results, changes: [...changes, ...nested.changes] }
}

/** Promotes or demotes members; the superadmin stays superadmin (promote succeeds, demote fails). */
export const changeRoles = (
  world: World,
  actor: SessionId,
  group: SimGroup,
  action: "promote" | "demote",
  jids: ReadonlyArray<UserJid>
): Outcome => {
  const changed: Array<PhoneJid> = []
  const members: Array<SimMember> = [...group.members]
  const results = jids.map((jid): ParticipantOutcome => {
    const account = accountOf(world, jid)
    const index = members.findIndex((m) => m.jid === account)
    const member = members[index]
    const addressed = addressedIn(group, account)
    if (member === undefined) return { jid, status: "not_member", ...addressed }
    if (member.role === "superadmin") {
      return { jid, status: action === "promote" ? "promoted" : "failed", ...addressed }
    }
    members[index] = { jid: member.jid, role: action === "promote" ? "admin" : "member" }
    if (!changed.includes(member.jid)) changed.push(member.jid)
    return { jid, status: action === "promote" ? "promoted" : "demoted", ...addressed }
  })
  if (changed.length === 0) return { world, results, changes: [] }

  const next = withGroup(world, { ...group, members })
  const changes = notify(next, memberJids(group), actor, (sessionId) =>
    InboundChange.ParticipantsChanged({
      sessionId,
      groupJid: group.jid,
      action,
      participants: refsIn(group, changed),
      author: authorOf(world, actor)
    }))
  return { world: next, results, changes }
}
