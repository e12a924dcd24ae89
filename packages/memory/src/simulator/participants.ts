import type { GroupJid, ParticipantAction, SessionId, UserJid } from "@wagate/core"
import { Effect } from "effect"
import { connected, memberGroup, requireAdmin } from "./guards.ts"
import { addAccounts, changeRoles, type Outcome, removeAccounts } from "./membership.ts"
import { step, type World } from "./World.ts"

/**
 * Add, remove, promote or demote. All need an admin, except adding when the group lets every member add.
 * On a community, adding and removing also apply to its announcement group.
 */
export const updateParticipants = Effect.fn("Simulator.updateParticipants")(function*(
  world: World,
  sessionId: SessionId,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) {
  const actor = yield* connected(world, sessionId)
  const group = yield* memberGroup(world, actor, groupJid)
  if (action !== "add" || group.settings.memberAddMode !== "all_member_add") yield* requireAdmin(group, actor)
  const outcome: Outcome = action === "add"
    ? addAccounts(world, sessionId, group, participants, "added")
    : action === "remove"
    ? removeAccounts(world, sessionId, group, participants, "removed")
    : changeRoles(world, sessionId, group, action, participants)
  return step(outcome.world, outcome.results, outcome.changes)
})
