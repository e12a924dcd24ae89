import { Effect, Option } from "effect"
import { NotFound, NotGroupAdmin, NotGroupMember } from "../domain/errors.ts"
import type { Group } from "../domain/Group.ts"
import type { GroupJid } from "../domain/Jid.ts"
import { isAdminRole } from "../domain/Member.ts"
import type { SessionOwner } from "../domain/Session.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import type { LiveSession } from "./session.ts"

/** The session's stored group, or not found. */
export const storedGroup = Effect.fn("access.storedGroup")(function*(owner: SessionOwner, groupJid: GroupJid) {
  const groups = yield* GroupStore
  const found = yield* groups.get(owner, groupJid)
  if (Option.isNone(found)) {
    return yield* new NotFound({ resource: "group", id: groupJid })
  }
  return found.value
})

/**
 * The session's own membership of a stored group: `NotGroupMember` when it left the group (or was removed) or is
 * not in the stored member list; otherwise its member record. Checked before any admin check, so a group the
 * session is no longer in answers "not a member" whatever its settings.
 */
export const requireMembership = Effect.fn("access.requireMembership")(function*(live: LiveSession, group: Group) {
  const groups = yield* GroupStore
  // The group may list the account by its phone JID or its LID: either matches (the store resolves twins too).
  const byPhone = group.left ? Option.none() : yield* groups.member(live.owner, group.groupJid, live.phoneJid)
  const me = Option.isSome(byPhone) || group.left || live.lid === null
    ? byPhone
    : yield* groups.member(live.owner, group.groupJid, live.lid)
  if (Option.isNone(me)) {
    return yield* new NotGroupMember({ groupJid: group.groupJid })
  }
  return me.value
})

/**
 * The stored group, provided the session's account is one of its admins (from the stored member list): a group
 * it is not in is `NotGroupMember`, one it is in without being an admin `NotGroupAdmin`.
 */
export const requireGroupAdmin = Effect.fn("access.requireGroupAdmin")(function*(live: LiveSession, groupJid: GroupJid) {
  const group: Group = yield* storedGroup(live.owner, groupJid)
  const me = yield* requireMembership(live, group)
  if (!isAdminRole(me.role)) {
    return yield* new NotGroupAdmin({ groupJid })
  }
  return group
})
