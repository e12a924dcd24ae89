import {
  type GroupJid,
  InboundChange,
  NotACommunity,
  type NewCommunity,
  type SessionId,
  WhatsAppFailure
} from "@wagate/core"
import { Effect } from "effect"
import { type Actor, adminGroup, connected } from "./guards.ts"
import { makeGroup } from "./groups.ts"
import { addAccounts } from "./membership.ts"
import { memberJids, notify, type SimGroup, step, toGroupInfo, type World, withGroup } from "./World.ts"

/**
 * A community is a parent group plus its announcement group (only admins post); the creator is superadmin of
 * both, and the participants join both.
 */
export const createCommunity = Effect.fn("Simulator.createCommunity")(function*(
  world: World,
  sessionId: SessionId,
  input: NewCommunity
) {
  const actor = yield* connected(world, sessionId)
  const [parent, afterParent] = yield* makeGroup(world, actor, { ...input, kind: "community" })
  const [announcement, afterAnnouncement] = yield* makeGroup(afterParent, actor, {
    subject: input.subject,
    kind: "announcement",
    settings: { isAnnounce: true },
    parentJid: parent.jid
  })
  const community: SimGroup = { ...parent, announcementJid: announcement.jid }
  const outcome = addAccounts(withGroup(afterAnnouncement, community), sessionId, community, input.participants, "added")
  const current = (group: SimGroup) => toGroupInfo(outcome.world.groups.get(group.jid) ?? group)
  return step(
    outcome.world,
    { community: current(community), announcement: current(announcement), results: outcome.results },
    outcome.changes
  )
})

/** Linking needs an admin of both the community and the group; the group must be a plain group. */
const linkable = Effect.fn("Simulator.linkable")(function*(world: World, actor: Actor, communityJid: GroupJid, groupJid: GroupJid) {
  const community = yield* adminGroup(world, actor, communityJid)
  if (community.kind !== "community") return yield* new NotACommunity({ groupJid: communityJid })
  const group = yield* adminGroup(world, actor, groupJid)
  if (group.kind !== "group") return yield* new WhatsAppFailure({ message: `${groupJid} cannot be linked to a community` })
  return [community, group] as const
})

const linkChanged = (world: World, sessionId: SessionId, community: SimGroup, group: SimGroup, linked: boolean) => {
  const next = withGroup(world, { ...group, parentJid: linked ? community.jid : null })
  const accounts = new Set([...memberJids(community), ...memberJids(group)])
  return step(
    next,
    undefined,
    notify(next, accounts, sessionId, (to) =>
      InboundChange.CommunityLinkChanged({ sessionId: to, communityJid: community.jid, groupJid: group.jid, linked }))
  )
}

export const linkGroup = Effect.fn("Simulator.linkGroup")(function*(
  world: World,
  sessionId: SessionId,
  communityJid: GroupJid,
  groupJid: GroupJid
) {
  const actor = yield* connected(world, sessionId)
  const [community, group] = yield* linkable(world, actor, communityJid, groupJid)
  if (group.parentJid === communityJid) return step(world, undefined)
  if (group.parentJid !== null) {
    return yield* new WhatsAppFailure({ message: `${groupJid} is already linked to ${group.parentJid}` })
  }
  return linkChanged(world, sessionId, community, group, true)
})

/** Unlinking a group that is not linked to the community is a no-op. */
export const unlinkGroup = Effect.fn("Simulator.unlinkGroup")(function*(
  world: World,
  sessionId: SessionId,
  communityJid: GroupJid,
  groupJid: GroupJid
) {
  const actor = yield* connected(world, sessionId)
  const [community, group] = yield* linkable(world, actor, communityJid, groupJid)
  if (group.parentJid !== communityJid) return step(world, undefined)
  return linkChanged(world, sessionId, community, group, false)
})
