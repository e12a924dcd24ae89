import { Effect, Option } from "effect"
import type { Group, GroupInfo } from "../domain/Group.ts"
import type { Timestamp } from "../domain/Ids.ts"
import type { GroupJid } from "../domain/Jid.ts"
import type { Member } from "../domain/Member.ts"
import type { PageResult } from "../domain/Page.ts"
import type { SessionOwner } from "../domain/Session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"

/** What a client can see of a stored group: the Group itself and its members, with roles and twins. */
interface Visible {
  readonly group: Group
  readonly members: ReadonlyArray<Member>
}

/** The largest page the store is asked for while reading a whole member list. */
const MEMBER_PAGE = 1000

/** The stored group and its whole member list, or `None` when the session has no such group stored. */
const visibleOf = Effect.fn("groups.visibleOf")(function*(owner: SessionOwner, groupJid: GroupJid) {
  const groups = yield* GroupStore
  const group = yield* groups.get(owner, groupJid)
  if (Option.isNone(group)) return Option.none<Visible>()
  const members: Array<Member> = []
  let after: string | null = null
  do {
    const page: PageResult<Member> = yield* groups.members(owner, groupJid, { limit: MEMBER_PAGE, after })
    members.push(...page.items)
    after = page.lastKey
  } while (after !== null)
  return Option.some<Visible>({ group: group.value, members })
})

const sameGroup = (a: Group, b: Group): boolean =>
  (Object.keys(a) as Array<keyof Group>).every((key) => a[key] === b[key]) && Object.keys(a).length === Object.keys(b).length

const sameMember = (a: Member, b: Member): boolean => a.jid === b.jid && a.phoneJid === b.phoneJid && a.lid === b.lid && a.role === b.role

const sameVisible = (a: Visible, b: Visible): boolean =>
  sameGroup(a.group, b.group) && a.members.length === b.members.length && a.members.every((m, i) => sameMember(m, b.members[i]!))

/**
 * Stores a group as WhatsApp just described it, as the inbound `GroupSeen` change stores it (`upsert`: the
 * member list replaced, twins completed, `left` cleared), and records `group.updated` only when something a
 * client can see changed. Runs inside the caller's store transaction.
 */
export const storeGroupInfo = Effect.fn("groups.storeGroupInfo")(function*(owner: SessionOwner, info: GroupInfo, at: Timestamp) {
  const groups = yield* GroupStore
  const before = yield* visibleOf(owner, info.groupJid)
  const group = yield* groups.upsert(owner, info, at)
  const after = yield* visibleOf(owner, info.groupJid)
  const changed = Option.isNone(before) || Option.isNone(after) || !sameVisible(before.value, after.value)
  if (changed) yield* recordEvent(owner.orgId, { type: "group.updated", sessionId: owner.sessionId, data: group })
  return { group, changed }
})
