import {
  type Group,
  type GroupInfo,
  type GroupJid,
  type GroupPatch,
  GroupStore,
  type GroupListJson,
  groupsJson,
  type Member,
  membersJson as encodeMembers,
  type PageQuery,
  type ParticipantAction,
  pairsOf,
  type ParticipantRef,
  type SessionOwner,
  type Timestamp,
  type TwinPair,
  type UserJid
} from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import {
  applyParticipantAction,
  applyPatch,
  byJid,
  emptyTwins,
  findMember,
  fromInfo,
  learn,
  toCommunity,
  toGroup,
  withTwins
} from "./groupRecords.ts"
import { type GroupRecord, MemoryState, ownerKey, type Tables, type TwinTable } from "./MemoryState.ts"
import { keysetPage, sortByKey } from "./paging.ts"

const groupsOf = (t: Tables, owner: SessionOwner): ReadonlyMap<GroupJid, GroupRecord> =>
  t.groups.get(ownerKey(owner.orgId, owner.sessionId)) ?? new Map()

/** The owner's learned twins, created on first use. */
const twinsOf = (t: Tables, owner: SessionOwner): TwinTable => {
  const key = ownerKey(owner.orgId, owner.sessionId)
  const found = t.twins.get(key)
  if (found !== undefined) return found
  const made = emptyTwins()
  t.twins.set(key, made)
  return made
}

/** Learns pairs and fills them into every stored group of the owner. */
const learnEverywhere = (t: Tables, owner: SessionOwner, pairs: ReadonlyArray<TwinPair>): void => {
  if (pairs.length === 0) return
  const twins = twinsOf(t, owner)
  learn(twins, pairs)
  const groups = t.groups.get(ownerKey(owner.orgId, owner.sessionId))
  if (groups === undefined) return
  for (const [jid, record] of groups) groups.set(jid, withTwins(record, twins))
}

/** Replaces the stored record with `f` of it; `None` when the owner has no such group. */
const modify = (t: Tables, owner: SessionOwner, groupJid: GroupJid, f: (record: GroupRecord) => GroupRecord) => {
  const groups = t.groups.get(ownerKey(owner.orgId, owner.sessionId))
  const current = groups?.get(groupJid)
  if (groups === undefined || current === undefined) return Option.none<Group>()
  const next = f(current)
  groups.set(groupJid, next)
  return Option.some(toGroup(next))
}

/** `GroupStore` over the shared memory tables: each (organisation, session) pair sees only its own groups. */
export const GroupStoreMemory = Layer.effect(
  GroupStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const upsert = Effect.fn("GroupStoreMemory.upsert")(function*(owner: SessionOwner, info: GroupInfo, at: Timestamp) {
      return yield* state.atomically((t) => {
        const key = ownerKey(owner.orgId, owner.sessionId)
        learnEverywhere(t, owner, pairsOf(info.members))
        const groups = t.groups.get(key) ?? new Map<GroupJid, GroupRecord>()
        const record = fromInfo(info, at, twinsOf(t, owner))
        groups.set(info.groupJid, record)
        t.groups.set(key, groups)
        return toGroup(record)
      })
    })

    const get = Effect.fn("GroupStoreMemory.get")(function*(owner: SessionOwner, groupJid: GroupJid) {
      return yield* state.atomically((t) => Option.map(Option.fromUndefinedOr(groupsOf(t, owner).get(groupJid)), toGroup))
    })

    const list = Effect.fn("GroupStoreMemory.list")(function*(owner: SessionOwner, page: PageQuery) {
      return yield* state.atomically((t) => {
        const groups = sortByKey(Array.from(groupsOf(t, owner).values()).filter((g) => g.kind !== "community"), byJid)
        const result = keysetPage(groups, byJid, page)
        return { items: result.items.map(toGroup), lastKey: result.lastKey }
      })
    })

    const patch = Effect.fn("GroupStoreMemory.patch")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      change: GroupPatch,
      at: Timestamp
    ) {
      return yield* state.atomically((t) => modify(t, owner, groupJid, (record) => applyPatch(record, change, at)))
    })

    const markLeft = Effect.fn("GroupStoreMemory.markLeft")(function*(owner: SessionOwner, groupJid: GroupJid, at: Timestamp) {
      return yield* state.atomically((t) => modify(t, owner, groupJid, (record) => ({ ...record, left: true, updatedAt: at })))
    })

    const members = Effect.fn("GroupStoreMemory.members")(function*(owner: SessionOwner, groupJid: GroupJid, page: PageQuery) {
      return yield* state.atomically((t) => {
        const byMemberJid = (member: Member): string => member.jid
        const all = sortByKey(groupsOf(t, owner).get(groupJid)?.members.values() ?? [], byMemberJid)
        return keysetPage(all, byMemberJid, page)
      })
    })

    const listJson = Effect.fn("GroupStoreMemory.listJson")(function*(owner: SessionOwner, page: PageQuery) {
      const stored = yield* state.atomically((t) => t.sessions.get(owner.sessionId)?.orgId === owner.orgId)
      if (!stored) return { _tag: "NoSession" } satisfies GroupListJson
      const result = yield* list(owner, page)
      const found: GroupListJson = { _tag: "Page", page: { itemsJson: groupsJson(result.items), lastKey: result.lastKey } }
      return found
    })

    const membersJson = Effect.fn("GroupStoreMemory.membersJson")(function*(owner: SessionOwner, groupJid: GroupJid, page: PageQuery) {
      const stored = yield* state.atomically((t) => ({
        session: t.sessions.get(owner.sessionId)?.orgId === owner.orgId,
        group: groupsOf(t, owner).has(groupJid)
      }))
      if (!stored.session) return { _tag: "NoSession" } satisfies GroupListJson
      if (!stored.group) return { _tag: "NoGroup" } satisfies GroupListJson
      const result = yield* members(owner, groupJid, page)
      const found: GroupListJson = { _tag: "Page", page: { itemsJson: encodeMembers(result.items), lastKey: result.lastKey } }
      return found
    })

    const member = Effect.fn("GroupStoreMemory.member")(function*(owner: SessionOwner, groupJid: GroupJid, jid: UserJid) {
      return yield* state.atomically((t) => {
        const members = groupsOf(t, owner).get(groupJid)?.members
        return Option.fromUndefinedOr(members === undefined ? undefined : findMember(members, { jid }))
      })
    })

    const applyParticipants = Effect.fn("GroupStoreMemory.applyParticipants")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      action: ParticipantAction,
      participants: ReadonlyArray<ParticipantRef>,
      at: Timestamp
    ) {
      return yield* state.atomically((t) => {
        if (groupsOf(t, owner).get(groupJid) === undefined) return Option.none<Group>()
        learnEverywhere(t, owner, pairsOf(participants))
        const twins = twinsOf(t, owner)
        return modify(t, owner, groupJid, (record) => applyParticipantAction(record, action, participants, at, twins))
      })
    })

    const learnTwins = Effect.fn("GroupStoreMemory.learnTwins")(function*(
      owner: SessionOwner,
      pairs: ReadonlyArray<TwinPair>,
      _at: Timestamp
    ) {
      yield* state.atomically((t) => learnEverywhere(t, owner, pairs))
    })

    const setParent = Effect.fn("GroupStoreMemory.setParent")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      communityJid: GroupJid | null,
      at: Timestamp
    ) {
      return yield* state.atomically((t) => modify(t, owner, groupJid, (record) => ({ ...record, parentJid: communityJid, updatedAt: at })))
    })

    const communities = Effect.fn("GroupStoreMemory.communities")(function*(owner: SessionOwner, page: PageQuery) {
      return yield* state.atomically((t) => {
        const all = Array.from(groupsOf(t, owner).values())
        const parents = sortByKey(all.filter((g) => g.kind === "community"), byJid)
        const result = keysetPage(parents, byJid, page)
        return { items: result.items.map((parent) => toCommunity(parent, all)), lastKey: result.lastKey }
      })
    })

    return GroupStore.of({
      upsert,
      get,
      list,
      listJson,
      patch,
      markLeft,
      members,
      membersJson,
      member,
      applyParticipants,
      learnTwins,
      setParent,
      communities
    })
  })
)
