import { Effect, Option } from "effect"
import { NotFound, NotGroupAdmin } from "../domain/errors.ts"
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

/** The stored group, provided the session's account is one of its admins (from the stored member list). */
export const requireGroupAdmin = Effect.fn("access.requireGroupAdmin")(function*(live: LiveSession, groupJid: GroupJid) {
  const group: Group = yield* storedGroup(live.owner, groupJid)
  const groups = yield* GroupStore
  const me = yield* groups.member(live.owner, groupJid, live.phoneJid)
  if (group.left || Option.isNone(me) || !isAdminRole(me.value.role)) {
    return yield* new NotGroupAdmin({ groupJid })
  }
  return group
})
