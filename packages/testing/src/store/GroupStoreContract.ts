import { assert, layer, type Vitest } from "@effect/vitest"
import { type Group, groupFromInfo, GroupStore, groupsJson, type Member, membersJson, type ParticipantRef, SessionStore } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { assertNone, at, freshOrgId, freshOwner, getSome, groupJids, lidJid, makeGroupInfo, siblingOwner, userJid } from "./fixtures.ts"

/** What the group suite needs: groups are stored under sessions, which adapters may require to exist. */
export type GroupStoreContractServices = GroupStore | SessionStore

const everything = { limit: 1000, after: null }

/** Participants named by their phone JIDs. */
const by = (...numbers: ReadonlyArray<number>): Array<ParticipantRef> => numbers.map((i) => ({ jid: userJid(i) }))

/** The Group the API shows for a GroupInfo just written: the domain's own rule. */
const expectedGroup = groupFromInfo

const threeMembers: ReadonlyArray<Member> = [
  { jid: userJid(3), phoneJid: userJid(3), lid: null, role: "member" },
  { jid: userJid(1), phoneJid: userJid(1), lid: null, role: "superadmin" },
  { jid: userJid(2), phoneJid: userJid(2), lid: null, role: "admin" }
]

/** Registers the `GroupStore` tests on `it`. */
export const groupStoreTests = (it: Vitest.MethodsNonLive<GroupStoreContractServices>): void => {
  it.effect("upsert stores the group in its API shape and returns it", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const info = makeGroupInfo(groupJids()(1), {
        subject: "Launch",
        description: "Q3 launch",
        settings: { isAnnounce: true, isLocked: false, joinApproval: true, memberAddMode: "all_member_add" },
        members: threeMembers
      })

      const stored = yield* groups.upsert(owner, info, at(10))
      assert.deepStrictEqual(stored, expectedGroup(info))
      assert.deepStrictEqual(getSome(yield* groups.get(owner, info.groupJid)), expectedGroup(info))
      assertNone(yield* groups.get(owner, groupJids()(1)), "no unknown group")
    }))

  it.effect("upsert replaces the metadata and the whole member list", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      yield* groups.upsert(owner, makeGroupInfo(jid, { members: threeMembers }), at(10))

      const next = makeGroupInfo(jid, {
        subject: "Renamed",
        description: "now described",
        members: [{ jid: userJid(4), phoneJid: userJid(4), lid: null, role: "superadmin" }, { jid: userJid(2), phoneJid: userJid(2), lid: null, role: "member" }]
      })
      assert.deepStrictEqual(yield* groups.upsert(owner, next, at(11)), expectedGroup(next))
      assert.deepStrictEqual((yield* groups.members(owner, jid, everything)).items, [
        { jid: userJid(2), phoneJid: userJid(2), lid: null, role: "member" },
        { jid: userJid(4), phoneJid: userJid(4), lid: null, role: "superadmin" }
      ])
      assertNone(yield* groups.member(owner, jid, userJid(3)), "a member left out of the new list is gone")
    }))

  it.effect("every read is scoped by organisation and session", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const other = yield* freshOwner
      const strangers = [sibling, other, { orgId: other.orgId, sessionId: owner.sessionId }]
      const jids = groupJids()
      const community = makeGroupInfo(jids(0), { kind: "community" })
      const info = makeGroupInfo(jids(1), { parentJid: community.groupJid, members: threeMembers })
      yield* groups.upsert(owner, community, at(10))
      yield* groups.upsert(owner, info, at(10))

      for (const stranger of strangers) {
        assertNone(yield* groups.get(stranger, info.groupJid), "no group for another owner")
        assert.deepStrictEqual((yield* groups.list(stranger, everything)).items, [])
        assert.deepStrictEqual((yield* groups.members(stranger, info.groupJid, everything)).items, [])
        assertNone(yield* groups.member(stranger, info.groupJid, userJid(1)))
        assert.deepStrictEqual((yield* groups.communities(stranger, everything)).items, [])
        assertNone(yield* groups.patch(stranger, info.groupJid, { subject: "hijacked" }, at(11)))
        assertNone(yield* groups.markLeft(stranger, info.groupJid, at(11)))
        assertNone(yield* groups.applyParticipants(stranger, info.groupJid, "remove", by(1), at(11)))
        assertNone(yield* groups.setParent(stranger, info.groupJid, null, at(11)))
      }
      assert.deepStrictEqual(getSome(yield* groups.get(owner, info.groupJid)), expectedGroup(info), "the owner's group is untouched")
      assert.strictEqual((yield* groups.communities(owner, everything)).items[0]?.groups.length, 1)
    }))

  it.effect("list orders groups by JID, leaves out community parents and pages by JID", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()
      yield* groups.upsert(owner, makeGroupInfo(jid(0), { kind: "community" }), at(10))
      for (const i of [4, 2, 5, 1, 3]) {
        yield* groups.upsert(owner, makeGroupInfo(jid(i), { kind: i === 5 ? "announcement" : "group", subject: `g${i}` }), at(10))
      }
      const jidsOf = (page: { readonly items: ReadonlyArray<Group> }) => page.items.map((g) => g.groupJid)

      const first = yield* groups.list(owner, { limit: 2, after: null })
      assert.deepStrictEqual(jidsOf(first), [jid(1), jid(2)])
      assert.strictEqual(first.lastKey, jid(2))
      const second = yield* groups.list(owner, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(jidsOf(second), [jid(3), jid(4)])
      assert.strictEqual(second.lastKey, jid(4))
      const third = yield* groups.list(owner, { limit: 2, after: second.lastKey })
      assert.deepStrictEqual(jidsOf(third), [jid(5)])
      assert.isNull(third.lastKey)
      const exact = yield* groups.list(owner, { limit: 5, after: null })
      assert.strictEqual(exact.items.length, 5)
      assert.isNull(exact.lastKey)
      assert.strictEqual(first.items[0]?.subject, "g1")
    }))

  it.effect("listJson is the list page as its wire JSON, byte for byte; NoSession for another organisation's session", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()
      yield* groups.upsert(owner, makeGroupInfo(jid(0), { kind: "community" }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(jid(2), { subject: "quote \" and \\ and \n and é", description: null }), at(11))
      yield* groups.upsert(owner, makeGroupInfo(jid(1), { settings: { isAnnounce: true, isLocked: false, joinApproval: true, memberAddMode: "all_member_add" } }), at(12))
      yield* groups.upsert(owner, makeGroupInfo(jid(3), { description: "about", ownerJid: null }), at(13))
      yield* groups.markLeft(owner, jid(3), at(14))

      for (const query of [everything, { limit: 2, after: null }, { limit: 2, after: jid(1) }, { limit: 10, after: jid(3) }]) {
        const page = yield* groups.list(owner, query)
        const json = yield* groups.listJson(owner, query)
        assert.deepStrictEqual(json, { _tag: "Page", page: { itemsJson: groupsJson(page.items), lastKey: page.lastKey } }, JSON.stringify(query))
      }
      assert.deepStrictEqual(yield* groups.listJson({ ...owner, orgId: freshOrgId() }, everything), { _tag: "NoSession" })
    }))

  it.effect("patch changes subject, description and some settings; None when not stored", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      const info = makeGroupInfo(jid, { description: "old", members: threeMembers })
      yield* groups.upsert(owner, info, at(10))

      const renamed = getSome(yield* groups.patch(owner, jid, { subject: "New name" }, at(11)))
      assert.deepStrictEqual(renamed, { ...expectedGroup(info), subject: "New name" })

      const described = getSome(yield* groups.patch(owner, jid, { description: "new", settings: { isLocked: true } }, at(12)))
      assert.deepStrictEqual(described, { ...expectedGroup(info), subject: "New name", description: "new", isLocked: true })

      const cleared = getSome(yield* groups.patch(owner, jid, { description: null, settings: { memberAddMode: "all_member_add" } }, at(13)))
      assert.isNull(cleared.description)
      assert.strictEqual(cleared.memberAddMode, "all_member_add")
      assert.isTrue(cleared.isLocked, "settings left out of the patch are kept")

      assert.deepStrictEqual(getSome(yield* groups.patch(owner, jid, {}, at(14))), cleared, "an empty patch changes nothing")
      assert.deepStrictEqual(getSome(yield* groups.get(owner, jid)), cleared)
      assert.strictEqual(cleared.participants, 3)
      assertNone(yield* groups.patch(owner, groupJids()(1), { subject: "x" }, at(15)), "no unknown group")
    }))

  it.effect("markLeft keeps the group and its members readable; upsert clears left", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      const info = makeGroupInfo(jid, { members: threeMembers })
      yield* groups.upsert(owner, info, at(10))

      const left = getSome(yield* groups.markLeft(owner, jid, at(11)))
      assert.deepStrictEqual(left, { ...expectedGroup(info), left: true })
      assert.deepStrictEqual(getSome(yield* groups.get(owner, jid)), left)
      assert.deepStrictEqual((yield* groups.list(owner, everything)).items, [left])
      assert.strictEqual((yield* groups.members(owner, jid, everything)).items.length, 3)
      assertNone(yield* groups.markLeft(owner, groupJids()(1), at(11)), "no unknown group")

      assert.isFalse((yield* groups.upsert(owner, info, at(12))).left)
      assert.isFalse(getSome(yield* groups.get(owner, jid)).left)
    }))

  it.effect("members are ordered by JID and paged by JID; member looks one up", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      const members: ReadonlyArray<Member> = [5, 3, 1, 4, 2].map((i) => ({ jid: userJid(i), phoneJid: userJid(i), lid: null, role: i === 1 ? "superadmin" : "member" }))
      yield* groups.upsert(owner, makeGroupInfo(jid, { members }), at(10))
      const jidsOf = (page: { readonly items: ReadonlyArray<Member> }) => page.items.map((m) => m.jid)

      const first = yield* groups.members(owner, jid, { limit: 2, after: null })
      assert.deepStrictEqual(jidsOf(first), [userJid(1), userJid(2)])
      assert.strictEqual(first.lastKey, userJid(2))
      const second = yield* groups.members(owner, jid, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(jidsOf(second), [userJid(3), userJid(4)])
      assert.strictEqual(second.lastKey, userJid(4))
      const third = yield* groups.members(owner, jid, { limit: 2, after: second.lastKey })
      assert.deepStrictEqual(third.items, [{ jid: userJid(5), phoneJid: userJid(5), lid: null, role: "member" }])
      assert.isNull(third.lastKey)
      assert.isNull((yield* groups.members(owner, jid, { limit: 5, after: null })).lastKey)

      assert.deepStrictEqual(getSome(yield* groups.member(owner, jid, userJid(1))), { jid: userJid(1), phoneJid: userJid(1), lid: null, role: "superadmin" })
      assertNone(yield* groups.member(owner, jid, userJid(6)), "no unknown member")
      assert.deepStrictEqual((yield* groups.members(owner, groupJids()(1), everything)).items, [], "no members of an unknown group")
    }))

  it.effect("membersJson is the members page as its wire JSON, byte for byte; or which owner is not stored", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      const members: ReadonlyArray<Member> = [
        ...[3, 1, 2].map((i): Member => ({ jid: userJid(i), phoneJid: userJid(i), lid: i === 2 ? lidJid(2) : null, role: i === 1 ? "superadmin" : "member" })),
        { jid: lidJid(4), phoneJid: null, lid: lidJid(4), role: "admin" }
      ]
      yield* groups.upsert(owner, makeGroupInfo(jid, { members }), at(10))

      for (const query of [everything, { limit: 2, after: null }, { limit: 2, after: userJid(1) }, { limit: 3, after: userJid(2) }]) {
        const page = yield* groups.members(owner, jid, query)
        const json = yield* groups.membersJson(owner, jid, query)
        assert.deepStrictEqual(json, { _tag: "Page", page: { itemsJson: membersJson(page.items), lastKey: page.lastKey } }, JSON.stringify(query))
      }
      assert.deepStrictEqual(yield* groups.membersJson(owner, jid, { limit: 10, after: userJid(9) }), { _tag: "Page", page: { itemsJson: "[]", lastKey: null } })
      assert.deepStrictEqual(yield* groups.membersJson(owner, groupJids()(1), everything), { _tag: "NoGroup" })
      assert.deepStrictEqual(yield* groups.membersJson({ ...owner, orgId: freshOrgId() }, jid, everything), { _tag: "NoSession" }, "another organisation's session")
      assert.deepStrictEqual(yield* groups.membersJson(yield* siblingOwner(owner), jid, everything), { _tag: "NoGroup" }, "another session's group")
    }))

  it.effect("applyParticipants adds, removes, promotes and demotes, idempotently, and counts participants", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      yield* groups.upsert(owner, makeGroupInfo(jid, { members: threeMembers }), at(10))
      const roles = Effect.map(groups.members(owner, jid, everything), (page) => page.items.map((m) => `${m.jid}:${m.role}`))
      const role = (i: number, r: Member["role"]) => `${userJid(i)}:${r}`

      const added = getSome(yield* groups.applyParticipants(owner, jid, "add", by(4, 2, 5), at(11)))
      assert.strictEqual(added.participants, 5)
      assert.deepStrictEqual(yield* roles, [role(1, "superadmin"), role(2, "admin"), role(3, "member"), role(4, "member"), role(5, "member")])
      assert.strictEqual(getSome(yield* groups.applyParticipants(owner, jid, "add", by(4), at(12))).participants, 5)

      const promoted = getSome(yield* groups.applyParticipants(owner, jid, "promote", by(1, 3, 9), at(13)))
      assert.strictEqual(promoted.participants, 5, "promoting a non-member adds nobody")
      yield* groups.applyParticipants(owner, jid, "promote", by(3), at(14))
      assert.deepStrictEqual(yield* roles, [role(1, "superadmin"), role(2, "admin"), role(3, "admin"), role(4, "member"), role(5, "member")])

      yield* groups.applyParticipants(owner, jid, "demote", by(1, 2, 4, 9), at(15))
      yield* groups.applyParticipants(owner, jid, "demote", by(2), at(16))
      assert.deepStrictEqual(yield* roles, [role(1, "superadmin"), role(2, "member"), role(3, "admin"), role(4, "member"), role(5, "member")])

      const removed = getSome(yield* groups.applyParticipants(owner, jid, "remove", by(3, 5, 9), at(17)))
      assert.strictEqual(removed.participants, 3)
      assert.strictEqual(getSome(yield* groups.applyParticipants(owner, jid, "remove", by(3), at(18))).participants, 3)
      assert.deepStrictEqual(yield* roles, [role(1, "superadmin"), role(2, "member"), role(4, "member")])
      assert.strictEqual(getSome(yield* groups.get(owner, jid)).participants, 3)
      assertNone(yield* groups.member(owner, jid, userJid(3)))

      assertNone(yield* groups.applyParticipants(owner, groupJids()(1), "add", by(1), at(19)), "no unknown group")
    }))

  it.effect("members keep both twins; a lookup by either form finds the member the group lists", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      yield* groups.upsert(owner, makeGroupInfo(jid, {
        members: [
          { jid: lidJid(1), phoneJid: userJid(1), role: "superadmin" },
          { jid: lidJid(2), role: "member" },
          { jid: userJid(3), lid: lidJid(3), role: "member" }
        ]
      }), at(10))

      const one: Member = { jid: lidJid(1), phoneJid: userJid(1), lid: lidJid(1), role: "superadmin" }
      const two: Member = { jid: lidJid(2), phoneJid: null, lid: lidJid(2), role: "member" }
      const three: Member = { jid: userJid(3), phoneJid: userJid(3), lid: lidJid(3), role: "member" }
      assert.deepStrictEqual((yield* groups.members(owner, jid, everything)).items, [one, two, three], "in jid order")
      assert.deepStrictEqual(getSome(yield* groups.member(owner, jid, userJid(1))), one, "by phone JID, listed by LID")
      assert.deepStrictEqual(getSome(yield* groups.member(owner, jid, lidJid(1))), one, "by LID")
      assert.deepStrictEqual(getSome(yield* groups.member(owner, jid, lidJid(3))), three, "by LID, listed by phone JID")
      assertNone(yield* groups.member(owner, jid, userJid(2)), "a twin nobody told is not guessed")
    }))

  it.effect("participant changes match a member by either form", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      yield* groups.upsert(owner, makeGroupInfo(jid, {
        members: [
          { jid: lidJid(1), phoneJid: userJid(1), role: "superadmin" },
          { jid: lidJid(2), phoneJid: userJid(2), role: "member" },
          { jid: userJid(3), lid: lidJid(3), role: "member" }
        ]
      }), at(10))
      const roles = Effect.map(groups.members(owner, jid, everything), (page) => page.items.map((m) => `${m.jid}:${m.role}`))

      yield* groups.applyParticipants(owner, jid, "promote", by(2), at(11))
      yield* groups.applyParticipants(owner, jid, "promote", [{ jid: lidJid(3) }], at(12))
      assert.deepStrictEqual(yield* roles, [`${lidJid(1)}:superadmin`, `${lidJid(2)}:admin`, `${userJid(3)}:admin`])

      const again = getSome(yield* groups.applyParticipants(owner, jid, "add", [...by(2), { jid: lidJid(3) }], at(13)))
      assert.strictEqual(again.participants, 3, "adding a member by its other form adds nobody")

      const removed = getSome(yield* groups.applyParticipants(owner, jid, "remove", [...by(2), { jid: lidJid(3) }], at(14)))
      assert.strictEqual(removed.participants, 1)
      assert.deepStrictEqual(yield* roles, [`${lidJid(1)}:superadmin`])

      yield* groups.applyParticipants(owner, jid, "add", [{ jid: lidJid(4), phoneJid: userJid(4) }, { jid: userJid(4) }], at(15))
      assert.deepStrictEqual((yield* groups.members(owner, jid, everything)).items.slice(1), [
        { jid: lidJid(4), phoneJid: userJid(4), lid: lidJid(4), role: "member" }
      ], "one member for one user named twice, with the twins it came with")
    }))

  it.effect("a twin learned later, anywhere, fills the members of every group of the session", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jids = groupJids()
      const byLid = jids(1)
      const byPhone = jids(2)
      yield* groups.upsert(owner, makeGroupInfo(byLid, { members: [{ jid: lidJid(2), role: "member" }] }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(byPhone, { members: [{ jid: userJid(2), role: "member" }] }), at(10))
      assert.isNull(getSome(yield* groups.member(owner, byLid, lidJid(2))).phoneJid)

      yield* groups.learnTwins(owner, [{ phoneJid: userJid(2), lid: lidJid(2) }], at(11))
      assert.deepStrictEqual((yield* groups.members(owner, byLid, everything)).items, [
        { jid: lidJid(2), phoneJid: userJid(2), lid: lidJid(2), role: "member" }
      ])
      assert.deepStrictEqual((yield* groups.members(owner, byPhone, everything)).items, [
        { jid: userJid(2), phoneJid: userJid(2), lid: lidJid(2), role: "member" }
      ])
      const removed = getSome(yield* groups.applyParticipants(owner, byLid, "remove", by(2), at(12)))
      assert.strictEqual(removed.participants, 0, "removed by the phone JID of a member listed by LID")

      // Members written later get the twins learned before, and a pair met in one group's metadata serves the others.
      yield* groups.applyParticipants(owner, byLid, "add", [{ jid: lidJid(2) }], at(13))
      assert.deepStrictEqual(getSome(yield* groups.member(owner, byLid, userJid(2))).jid, lidJid(2))
      yield* groups.upsert(owner, makeGroupInfo(jids(3), { members: [{ jid: lidJid(5), phoneJid: userJid(5), role: "admin" }] }), at(14))
      yield* groups.applyParticipants(owner, byPhone, "add", by(5), at(15))
      assert.deepStrictEqual(getSome(yield* groups.member(owner, byPhone, lidJid(5))), {
        jid: userJid(5),
        phoneJid: userJid(5),
        lid: lidJid(5),
        role: "member"
      })
      yield* groups.applyParticipants(owner, byPhone, "add", [{ jid: userJid(6), lid: lidJid(6) }], at(16))
      assert.strictEqual(getSome(yield* groups.member(owner, byLid, lidJid(2))).phoneJid, userJid(2))
      yield* groups.upsert(owner, makeGroupInfo(jids(4), { members: [{ jid: lidJid(6), role: "member" }] }), at(17))
      assert.strictEqual(getSome(yield* groups.member(owner, jids(4), userJid(6))).jid, lidJid(6), "learned from a participant change")
    }))

  it.effect("twins are the session's own: another session learns nothing from them", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const jid = groupJids()(1)
      yield* groups.learnTwins(owner, [{ phoneJid: userJid(7), lid: lidJid(7) }], at(10))
      yield* groups.upsert(sibling, makeGroupInfo(jid, { members: [{ jid: lidJid(7), role: "member" }] }), at(11))
      assert.isNull(getSome(yield* groups.member(sibling, jid, lidJid(7))).phoneJid)
      assertNone(yield* groups.member(sibling, jid, userJid(7)))

      // A later pair for the same LID replaces the earlier one.
      yield* groups.learnTwins(sibling, [{ phoneJid: userJid(8), lid: lidJid(7) }], at(12))
      yield* groups.learnTwins(owner, [{ phoneJid: userJid(8), lid: lidJid(7) }], at(12))
      yield* groups.upsert(owner, makeGroupInfo(jid, { members: [{ jid: userJid(7), role: "member" }] }), at(13))
      assert.isNull(getSome(yield* groups.member(owner, jid, userJid(7))).lid, "the replaced pair is forgotten")
      assert.strictEqual(getSome(yield* groups.member(sibling, jid, userJid(8))).jid, lidJid(7))
    }))

  it.effect("communities list parents with their announcement group and linked groups; setParent links and unlinks", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()
      const [c1, c2, c3] = [jid(10), jid(20), jid(30)]
      yield* groups.upsert(owner, makeGroupInfo(c2, { kind: "community", subject: "Second" }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(c1, { kind: "community", subject: "First" }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(c3, { kind: "community", subject: "Third" }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(jid(11), { kind: "announcement", parentJid: c1 }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(jid(13), { parentJid: c1 }), at(10))
      yield* groups.upsert(owner, makeGroupInfo(jid(12)), at(10))
      yield* groups.upsert(owner, makeGroupInfo(jid(14)), at(10))

      const linked = getSome(yield* groups.setParent(owner, jid(12), c1, at(11)))
      assert.strictEqual(linked.groupJid, jid(12))
      yield* groups.setParent(owner, jid(14), c2, at(11))

      const all = yield* groups.communities(owner, everything)
      assert.deepStrictEqual(all.items, [
        { communityJid: c1, subject: "First", announcementGroupJid: jid(11), groups: [jid(12), jid(13)] },
        { communityJid: c2, subject: "Second", announcementGroupJid: null, groups: [jid(14)] },
        { communityJid: c3, subject: "Third", announcementGroupJid: null, groups: [] }
      ])
      assert.isNull(all.lastKey)

      const first = yield* groups.communities(owner, { limit: 2, after: null })
      assert.deepStrictEqual(first.items.map((c) => c.communityJid), [c1, c2])
      assert.strictEqual(first.lastKey, c2)
      const rest = yield* groups.communities(owner, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(rest.items.map((c) => c.communityJid), [c3])
      assert.isNull(rest.lastKey)

      yield* groups.setParent(owner, jid(13), null, at(12))
      yield* groups.setParent(owner, jid(14), c1, at(12))
      const after = yield* groups.communities(owner, { limit: 2, after: null })
      assert.deepStrictEqual(after.items.map((c) => c.groups), [[jid(12), jid(14)], []])
      assertNone(yield* groups.setParent(owner, jid(99), c1, at(13)), "no unknown group")
    }))

  it.effect("parallel upserts of one group leave one consistent copy", () =>
    Effect.gen(function*() {
      const groups = yield* GroupStore
      const owner = yield* freshOwner
      const jid = groupJids()(1)
      const versions = Array.from({ length: 25 }, (_, v) =>
        makeGroupInfo(jid, {
          subject: `v${v}`,
          members: Array.from({ length: v + 1 }, (_, i) => ({ jid: userJid(100 * v + i), role: "member" as const }))
        }))

      yield* Effect.forEach(versions, (info, v) => groups.upsert(owner, info, at(10 + v)), { concurrency: "unbounded", discard: true })

      const stored = getSome(yield* groups.get(owner, jid))
      const v = Number(stored.subject.slice(1))
      const version = versions[v]
      assert.isDefined(version, `the stored subject ${stored.subject} is one that was written`)
      assert.deepStrictEqual(stored, expectedGroup(version))
      const members = (yield* groups.members(owner, jid, everything)).items
      assert.deepStrictEqual(members.map((m) => m.jid), version.members.map((m) => m.jid), "the members are those of the same write")
      assert.deepStrictEqual((yield* groups.list(owner, everything)).items.map((g) => g.groupJid), [jid])
    }))
}

/** The `GroupStore` contract: every adapter of the port must pass it. */
export const groupStoreContract = <E>(name: string, storeLayer: Layer.Layer<GroupStoreContractServices, E>): void =>
  layer(storeLayer)(name, groupStoreTests)
