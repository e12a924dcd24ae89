import { assert, describe, it } from "@effect/vitest"
import {
  addCommunityMembers,
  createCommunity,
  createGroup,
  linkCommunityGroup,
  listCommunities,
  listGroups,
  listMembers,
  unlinkCommunityGroup
} from "@wagate/core"
import { Effect } from "effect"
import { acme, newSession, user, World } from "../support/world.ts"

describe("communities", () => {
  it.effect("create, link and unlink groups, add members; all stored", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const created = yield* createCommunity(acme, session.id, { name: "Neighbourhood" })
      assert.notStrictEqual(created.communityJid, created.announcementGroupJid)
      const { group } = yield* createGroup(acme, session.id, { name: "Street 1", participants: [user()] })

      yield* linkCommunityGroup(acme, session.id, created.communityJid, { groupJid: group.groupJid })
      const linked = yield* listCommunities(acme, session.id)
      assert.deepStrictEqual(linked.items, [{
        communityJid: created.communityJid,
        subject: "Neighbourhood",
        announcementGroupJid: created.announcementGroupJid,
        groups: [group.groupJid]
      }])
      const groups = (yield* listGroups(acme, session.id)).items.map((g) => g.groupJid)
      assert.notInclude(groups, created.communityJid, "community parents list under /communities only")
      assert.include(groups, created.announcementGroupJid)

      const newcomer = user()
      const results = yield* addCommunityMembers(acme, session.id, created.communityJid, { participants: [newcomer] })
      assert.deepStrictEqual(results, [{ jid: newcomer, status: "added" }])
      const announcementMembers = yield* listMembers(acme, session.id, created.announcementGroupJid)
      const stored = announcementMembers.items.find((m) => m.phoneJid === newcomer)
      assert.isDefined(stored, "the newcomer is stored in the announcement group too")
      assert.match(stored?.jid ?? "", /@lid$/, "by the group's address (its LID), with both twins")
      assert.strictEqual(stored?.jid, stored?.lid)

      yield* unlinkCommunityGroup(acme, session.id, created.communityJid, group.groupJid)
      assert.deepStrictEqual((yield* listCommunities(acme, session.id)).items[0]?.groups, [])
    }).pipe(Effect.provide(World)))
})
