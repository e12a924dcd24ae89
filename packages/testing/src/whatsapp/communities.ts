import { assert } from "@effect/vitest"
import { NotACommunity, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, resultsOf, groupOf, metadataFor, roleOf } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Communities: the parent group, its announcement group, members, and linked groups. */
export const communitiesContract = (it: ContractIt) => {
  it.effect("createCommunity makes a community and its announcement group, both owned by the creator", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const user = yield* harness.newUser
      const privateUser = yield* harness.privateUser

      const { announcement, community, results } = yield* port.createCommunity(owner.sessionId, {
        subject: "Neighbours",
        description: "Our street",
        participants: [user, privateUser]
      })
      assert.deepStrictEqual(resultsOf(results), [{ jid: user, status: "added" }, { jid: privateUser, status: "invite_sent" }])
      assert.strictEqual(community.kind, "community")
      assert.strictEqual(community.subject, "Neighbours")
      assert.strictEqual(community.parentJid, null)
      assert.strictEqual(announcement.kind, "announcement")
      assert.strictEqual(announcement.parentJid, community.groupJid)
      assert.isTrue(announcement.settings.isAnnounce)
      for (const group of [community, announcement]) {
        assert.strictEqual(roleOf(group, owner.phoneJid), "superadmin")
        assert.strictEqual(roleOf(group, user), "member")
        assert.strictEqual(roleOf(group, privateUser), null)
      }
    }))

  it.effect("members added to a community join its announcement group too", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const user = yield* harness.newUser
      const { announcement, community } = yield* port.createCommunity(owner.sessionId, {
        subject: "Club",
        participants: [yield* harness.newUser]
      })

      const results = yield* port.updateParticipants(owner.sessionId, community.groupJid, "add", [user])
      assert.deepStrictEqual(resultsOf(results), [{ jid: user, status: "added" }])
      assert.strictEqual(roleOf(yield* metadataFor(owner, announcement), user), "member")
    }))

  it.effect("a group is linked to and unlinked from a community", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const { community } = yield* port.createCommunity(owner.sessionId, { subject: "Club", participants: [] })
      const group = yield* groupOf(owner, [yield* harness.newUser])

      yield* port.linkGroup(owner.sessionId, community.groupJid, group.groupJid)
      assert.strictEqual((yield* metadataFor(owner, group)).parentJid, community.groupJid)
      yield* port.unlinkGroup(owner.sessionId, community.groupJid, group.groupJid)
      assert.strictEqual((yield* metadataFor(owner, group)).parentJid, null)
    }))

  it.effect("linking needs an admin of the community and of the group", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const other = yield* harness.newSession
      const { community } = yield* port.createCommunity(owner.sessionId, { subject: "Club", participants: [other.phoneJid] })
      const othersGroup = yield* groupOf(other, [owner.phoneJid])
      const ownersGroup = yield* groupOf(owner, [other.phoneJid])

      const notGroupAdmin = yield* Effect.flip(port.linkGroup(owner.sessionId, community.groupJid, othersGroup.groupJid))
      assert.strictEqual(notGroupAdmin._tag, "NotGroupAdmin")
      const notCommunityAdmin = yield* Effect.flip(port.linkGroup(other.sessionId, community.groupJid, othersGroup.groupJid))
      assert.strictEqual(notCommunityAdmin._tag, "NotGroupAdmin")
      const unlink = yield* Effect.flip(port.unlinkGroup(other.sessionId, community.groupJid, ownersGroup.groupJid))
      assert.strictEqual(unlink._tag, "NotGroupAdmin")
    }))

  it.effect("a plain group addressed as the community is NotACommunity, for linking and unlinking", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const notCommunity = yield* groupOf(owner, [yield* harness.newUser])
      const group = yield* groupOf(owner, [yield* harness.newUser])

      const link = yield* Effect.flip(port.linkGroup(owner.sessionId, notCommunity.groupJid, group.groupJid))
      assert.deepStrictEqual(link, new NotACommunity({ groupJid: notCommunity.groupJid }))
      const unlink = yield* Effect.flip(port.unlinkGroup(owner.sessionId, notCommunity.groupJid, group.groupJid))
      assert.strictEqual(unlink._tag, "NotACommunity")
      assert.strictEqual((yield* metadataFor(owner, group)).parentJid, null, "nothing was linked")
    }))
}
