import {
  type GroupJid,
  InboundChange,
  InviteCode,
  isAdminRole,
  InviteInvalid,
  type JoinOutcome,
  type JoinRequestAction,
  type JoinRequestChange,
  now,
  type ParticipantOutcome,
  type PhoneJid,
  type SessionId,
  type UserJid
} from "@wagate/core"
import { Effect, Random } from "effect"
import { adminGroup, connected, findGroup } from "./guards.ts"
import { addAccounts, addressedIn } from "./membership.ts"
import { accountOf } from "./identity.ts"
import { refIn } from "./lids.ts"
import { memberOf, notify, type SimGroup, step, type World, withGroup } from "./World.ts"

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** A fresh 22-character code from Effect's Random, unique among the live codes of the world. */
const freshCode = Effect.fn("Simulator.freshCode")(function*(world: World) {
  while (true) {
    let code = ""
    for (let i = 0; i < 22; i++) code += ALPHABET[yield* Random.nextIntBetween(0, ALPHABET.length - 1)]
    const candidate = InviteCode.make(code)
    if (!world.invites.has(candidate)) return candidate
  }
})

/** Gives the group a new code, invalidating the old one. */
const replaceCode = Effect.fn("Simulator.replaceCode")(function*(world: World, group: SimGroup) {
  const code = yield* freshCode(world)
  const invites = new Map(world.invites)
  if (group.inviteCode !== null) invites.delete(group.inviteCode)
  invites.set(code, group.jid)
  return step(withGroup({ ...world, invites }, { ...group, inviteCode: code }), code)
})

export const inviteCode = Effect.fn("Simulator.inviteCode")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  const group = yield* adminGroup(world, actor, groupJid)
  return group.inviteCode === null ? yield* replaceCode(world, group) : step(world, group.inviteCode)
})

export const revokeInvite = Effect.fn("Simulator.revokeInvite")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  return yield* replaceCode(world, yield* adminGroup(world, actor, groupJid))
})

const groupByCode = Effect.fn("Simulator.groupByCode")(function*(world: World, code: InviteCode) {
  const groupJid = world.invites.get(code)
  if (groupJid === undefined) return yield* new InviteInvalid({ code })
  // An invite to a group that is gone leads nowhere: it is invalid.
  return yield* findGroup(world, groupJid).pipe(Effect.catchTag("NotFound", () => Effect.fail(new InviteInvalid({ code }))))
})

export const inviteInfo = Effect.fn("Simulator.inviteInfo")(function*(world: World, sessionId: SessionId, code: InviteCode) {
  yield* connected(world, sessionId)
  const group = yield* groupByCode(world, code)
  return step(world, { groupJid: group.jid, subject: group.subject, description: group.description, size: group.members.length })
})

/**
 * What the group's admins are told of a join request, as wa-sim's `<created_membership_requests>` and
 * `<revoked_membership_requests>` reach Baileys: every admin session but the one that acted. An approval is
 * told as the requester's `add` instead.
 */
const toldAdmins = (
  world: World,
  actor: SessionId,
  group: SimGroup,
  requester: PhoneJid,
  action: JoinRequestChange
): ReadonlyArray<InboundChange> =>
  notify(world, group.members.filter((m) => isAdminRole(m.role)).map((m) => m.jid), actor, (sessionId) =>
    InboundChange.JoinRequestChanged({ sessionId, groupJid: group.jid, participant: refIn(group.addressing, requester), action }))

/** Joins by code: a no-op for a member, a pending request when the group needs approval, otherwise a join. */
export const acceptInvite = Effect.fn("Simulator.acceptInvite")(function*(world: World, sessionId: SessionId, code: InviteCode) {
  const actor = yield* connected(world, sessionId)
  const group = yield* groupByCode(world, code)
  const joined: JoinOutcome = { groupJid: group.jid, pendingApproval: false }
  if (memberOf(group, actor.phoneJid) !== undefined) return step(world, joined)
  if (group.settings.joinApproval) {
    const pending: JoinOutcome = { groupJid: group.jid, pendingApproval: true }
    if (group.joinRequests.some((r) => r.jid === actor.phoneJid)) return step(world, pending)
    const request = { jid: actor.phoneJid, requestedAt: yield* now }
    const next = withGroup(world, { ...group, joinRequests: [...group.joinRequests, request] })
    return step(next, pending, toldAdmins(next, sessionId, group, actor.phoneJid, "created"))
  }
  const outcome = addAccounts(world, sessionId, group, [actor.phoneJid], "joined")
  return step(outcome.world, joined, outcome.changes)
})

export const joinRequests = Effect.fn("Simulator.joinRequests")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  return step(world, (yield* adminGroup(world, actor, groupJid)).joinRequests)
})

/**
 * Approves (the requester joins, told as an `add`) or rejects pending requests (the other admins are told
 * `rejected`); a jid with no pending request fails.
 */
export const updateJoinRequests = Effect.fn("Simulator.updateJoinRequests")(function*(
  world: World,
  sessionId: SessionId,
  groupJid: GroupJid,
  action: JoinRequestAction,
  participants: ReadonlyArray<UserJid>
) {
  const actor = yield* connected(world, sessionId)
  const group = yield* adminGroup(world, actor, groupJid)
  const handled: Array<PhoneJid> = []
  const results = participants.map((jid): ParticipantOutcome => {
    const account = accountOf(world, jid)
    if (account === undefined || handled.includes(account) || !group.joinRequests.some((r) => r.jid === account)) {
      return { jid, status: "failed" }
    }
    handled.push(account)
    return { jid, status: action === "approve" ? "approved" : "rejected", ...addressedIn(group, account) }
  })
  const remaining: SimGroup = { ...group, joinRequests: group.joinRequests.filter((r) => !handled.some((account) => account === r.jid)) }
  const next = withGroup(world, remaining)
  if (action === "reject") {
    return step(next, results, handled.flatMap((account) => toldAdmins(next, sessionId, remaining, account, "rejected")))
  }
  const outcome = addAccounts(next, sessionId, remaining, handled, "joined")
  return step(outcome.world, results, outcome.changes)
})

