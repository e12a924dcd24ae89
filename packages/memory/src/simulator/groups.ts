import {
  applySettingsPatch,
  defaultGroupSettings,
  GroupJid,
  type GroupKind,
  type GroupSettingsPatch,
  InboundChange,
  type NewGroup,
  now,
  type SessionId
} from "@wagate/core"
import { Effect } from "effect"
import { type Actor, adminGroup, connected, memberGroup, requireAdmin } from "./guards.ts"
import { addAccounts, removeAccounts } from "./membership.ts"
import { memberJids, memberOf, notify, type SimGroup, step, toGroupInfo, type World, withGroup } from "./World.ts"

/** Group JIDs look like WhatsApp's: `120363` and a 12-digit counter. */
export const nextGroupJid = (world: World): readonly [GroupJid, World] => {
  const seq = world.groupSeq + 1
  return [GroupJid.make(`120363${seq.toString().padStart(12, "0")}@g.us`), { ...world, groupSeq: seq }]
}

/** A new group holding only its creator, as superadmin. */
export const makeGroup = Effect.fn("Simulator.makeGroup")(function*(
  world: World,
  actor: Actor,
  fields: {
    readonly subject: string
    readonly description?: string | undefined
    readonly settings?: GroupSettingsPatch | undefined
    readonly kind: GroupKind
    readonly parentJid?: GroupJid | undefined
  }
) {
  const [jid, next] = nextGroupJid(world)
  const group: SimGroup = {
    jid,
    subject: fields.subject,
    description: fields.description ?? null,
    ownerJid: actor.phoneJid,
    addressing: world.addressing,
    createdAt: yield* now,
    settings: applySettingsPatch(defaultGroupSettings, fields.settings ?? {}),
    kind: fields.kind,
    parentJid: fields.parentJid ?? null,
    announcementJid: null,
    members: [{ jid: actor.phoneJid, role: "superadmin" }],
    inviteCode: null,
    joinRequests: []
  }
  return [group, withGroup(next, group)] as const
})

export const createGroup = Effect.fn("Simulator.createGroup")(function*(world: World, sessionId: SessionId, input: NewGroup) {
  const actor = yield* connected(world, sessionId)
  const [group, next] = yield* makeGroup(world, actor, { ...input, kind: "group" })
  const outcome = addAccounts(next, sessionId, group, input.participants, "added")
  const created = outcome.world.groups.get(group.jid) ?? group
  return step(outcome.world, { group: toGroupInfo(created), results: outcome.results }, outcome.changes)
})

export const groupMetadata = Effect.fn("Simulator.groupMetadata")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  return step(world, toGroupInfo(yield* memberGroup(world, actor, groupJid)))
})

/** Every group the actor's account is in, as one answer (WhatsApp's `participating` query). */
export const participatingGroups = Effect.fn("Simulator.participatingGroups")(function*(world: World, sessionId: SessionId) {
  const actor = yield* connected(world, sessionId)
  const groups = [...world.groups.values()].filter((group) => memberOf(group, actor.phoneJid) !== undefined)
  return step(world, groups.map(toGroupInfo))
})

/** Subject and description: every member may change them unless the group is locked to admins. */
const editableGroup = Effect.fn("Simulator.editableGroup")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  const group = yield* memberGroup(world, actor, groupJid)
  if (group.settings.isLocked) yield* requireAdmin(group, actor)
  return group
})

const changed = (world: World, sessionId: SessionId, group: SimGroup, patch: {
  readonly subject?: string
  readonly description?: string | null
  readonly settings?: GroupSettingsPatch
}) => {
  const next = withGroup(world, group)
  return step(
    next,
    undefined,
    notify(next, memberJids(group), sessionId, (to) => InboundChange.GroupChanged({ sessionId: to, groupJid: group.jid, ...patch }))
  )
}

export const updateSubject = Effect.fn("Simulator.updateSubject")(function*(
  world: World,
  sessionId: SessionId,
  groupJid: GroupJid,
  subject: string
) {
  const group = yield* editableGroup(world, sessionId, groupJid)
  return changed(world, sessionId, { ...group, subject }, { subject })
})

export const updateDescription = Effect.fn("Simulator.updateDescription")(function*(
  world: World,
  sessionId: SessionId,
  groupJid: GroupJid,
  description: string | null
) {
  const group = yield* editableGroup(world, sessionId, groupJid)
  return changed(world, sessionId, { ...group, description }, { description })
})

export const updateSettings = Effect.fn("Simulator.updateSettings")(function*(
  world: World,
  sessionId: SessionId,
  groupJid: GroupJid,
  settings: GroupSettingsPatch
) {
  const actor = yield* connected(world, sessionId)
  const group = yield* adminGroup(world, actor, groupJid)
  return changed(world, sessionId, { ...group, settings: applySettingsPatch(group.settings, settings) }, { settings })
})

export const leaveGroup = Effect.fn("Simulator.leaveGroup")(function*(world: World, sessionId: SessionId, groupJid: GroupJid) {
  const actor = yield* connected(world, sessionId)
  const group = yield* memberGroup(world, actor, groupJid)
  const outcome = removeAccounts(world, sessionId, group, [actor.phoneJid], "left")
  return step(outcome.world, undefined, outcome.changes)
})
