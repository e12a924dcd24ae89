import {
  type GroupJid,
  isAdminRole,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  type SessionId,
  SessionNotConnected,
  type PhoneJid
} from "@wagate/core"
import { Effect } from "effect"
import { memberOf, type SimGroup, type World } from "./World.ts"

/** A connected session and the account it drives. */
export interface Actor {
  readonly sessionId: SessionId
  readonly phoneJid: PhoneJid
}

/** Every live call starts here: the session must be connected. */
export const connected = Effect.fn("Simulator.connected")(function*(world: World, sessionId: SessionId) {
  const session = world.sessions.get(sessionId)
  if (session === undefined || session.status !== "connected" || session.phoneJid === null) {
    return yield* new SessionNotConnected({ sessionId, status: session?.status ?? "disconnected" })
  }
  const actor: Actor = { sessionId, phoneJid: session.phoneJid }
  return actor
})

export const findGroup = Effect.fn("Simulator.findGroup")(function*(world: World, groupJid: GroupJid) {
  const group = world.groups.get(groupJid)
  if (group === undefined) return yield* new NotFound({ resource: "group", id: groupJid })
  return group
})

/** The actor's group, which it must be a participant of. */
export const memberGroup = Effect.fn("Simulator.memberGroup")(function*(world: World, actor: Actor, groupJid: GroupJid) {
  const group = yield* findGroup(world, groupJid)
  if (memberOf(group, actor.phoneJid) === undefined) return yield* new NotGroupMember({ groupJid })
  return group
})

/** The actor's group, which it must administer. */
export const adminGroup = Effect.fn("Simulator.adminGroup")(function*(world: World, actor: Actor, groupJid: GroupJid) {
  const group = yield* memberGroup(world, actor, groupJid)
  yield* requireAdmin(group, actor)
  return group
})

export const requireAdmin = Effect.fn("Simulator.requireAdmin")(function*(group: SimGroup, actor: Actor) {
  const member = memberOf(group, actor.phoneJid)
  if (member === undefined || !isAdminRole(member.role)) return yield* new NotGroupAdmin({ groupJid: group.jid })
})
