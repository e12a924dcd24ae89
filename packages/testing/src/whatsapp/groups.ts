import { assert } from "@effect/vitest"
import { defaultGroupSettings, type GroupInfo, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, resultsOf, groupOf, metadataFor, roleOf, unknownGroupJid, ownerAndMember } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** A group's members in a stable order, for comparing two answers that may list them differently. */
const sortedMembers = (group: GroupInfo) => [...group.members].sort((a, b) => (a.jid < b.jid ? -1 : 1))

/** Creating groups, reading them, and changing subject, description and settings. */
export const groupsContract = (it: ContractIt) => {
  it.effect("createGroup makes the session's account superadmin and reports every participant", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const user = yield* harness.newUser
      const privateUser = yield* harness.privateUser
      const unknown = yield* harness.unknownUser

      const { group, results } = yield* port.createGroup(owner.sessionId, {
        subject: "Team",
        description: "The team",
        participants: [user, privateUser, unknown]
      })

      assert.deepStrictEqual(resultsOf(results), [
        { jid: user, status: "added" },
        { jid: privateUser, status: "invite_sent" },
        { jid: unknown, status: "not_on_whatsapp" }
      ])
      assert.strictEqual(group.subject, "Team")
      assert.strictEqual(group.description, "The team")
      assert.strictEqual(group.ownerJid, owner.phoneJid)
      assert.strictEqual(group.kind, "group")
      assert.strictEqual(group.parentJid, null)
      assert.deepStrictEqual(group.settings, defaultGroupSettings)
      assert.strictEqual(roleOf(group, owner.phoneJid), "superadmin")
      assert.strictEqual(roleOf(group, user), "member")
      assert.strictEqual(roleOf(group, privateUser), null)
      assert.strictEqual(roleOf(group, unknown), null)
      assert.strictEqual(group.members.length, 2)
    }))

  it.effect("createGroup applies given settings over the defaults, without a description", () =>
    Effect.gen(function*() {
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser], { isLocked: true, memberAddMode: "all_member_add" })
      assert.deepStrictEqual(group.settings, { ...defaultGroupSettings, isLocked: true, memberAddMode: "all_member_add" })
      assert.strictEqual(group.description, null)
    }))

  it.effect("groupMetadata serves participants only; an unknown group is NotFound", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const outsider = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      assert.deepStrictEqual(yield* metadataFor(owner, group), group)
      const notMember = yield* Effect.flip(port.groupMetadata(outsider.sessionId, group.groupJid))
      assert.strictEqual(notMember._tag, "NotGroupMember")
      const notFound = yield* Effect.flip(port.groupMetadata(owner.sessionId, unknownGroupJid))
      assert.strictEqual(notFound._tag, "NotFound")
    }))

  it.effect("participatingGroups lists every group the account is in, as groupMetadata describes it, and no other", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const { owner, member, group } = yield* ownerAndMember()
      const other = yield* groupOf(owner, [yield* harness.newUser])
      const left = yield* groupOf(member, [yield* harness.newUser])
      yield* port.leaveGroup(member.sessionId, left.groupJid)

      const byJid = (groups: ReadonlyArray<GroupInfo>) => [...groups].sort((a, b) => (a.groupJid < b.groupJid ? -1 : 1))
      const owned = yield* port.participatingGroups(owner.sessionId)
      assert.deepStrictEqual(byJid(owned).map((g) => g.groupJid), byJid([group, other]).map((g) => g.groupJid))
      for (const listed of owned) {
        const read = yield* port.groupMetadata(owner.sessionId, listed.groupJid)
        assert.deepStrictEqual({ ...listed, members: sortedMembers(listed) }, { ...read, members: sortedMembers(read) })
      }
      // The member's list holds the group it is in, not the one it left.
      assert.deepStrictEqual((yield* port.participatingGroups(member.sessionId)).map((g) => g.groupJid), [group.groupJid])
      const fresh = yield* harness.newSession
      assert.deepStrictEqual(yield* port.participatingGroups(fresh.sessionId), [])
    }))

  it.effect("subject and description change; a null description clears it", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      yield* port.updateSubject(owner.sessionId, group.groupJid, "Renamed")
      yield* port.updateDescription(owner.sessionId, group.groupJid, "About us")
      const changed = yield* metadataFor(owner, group)
      assert.strictEqual(changed.subject, "Renamed")
      assert.strictEqual(changed.description, "About us")

      yield* port.updateDescription(owner.sessionId, group.groupJid, null)
      assert.strictEqual((yield* metadataFor(owner, group)).description, null)
    }))

  it.effect("settings patches merge into the current settings", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      yield* port.updateSettings(owner.sessionId, group.groupJid, { isAnnounce: true })
      yield* port.updateSettings(owner.sessionId, group.groupJid, { joinApproval: true })
      assert.deepStrictEqual((yield* metadataFor(owner, group)).settings, {
        ...defaultGroupSettings,
        isAnnounce: true,
        joinApproval: true
      })
    }))

  it.effect("a plain member may edit an unlocked group's subject, but not a locked one's, nor settings", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const { owner, member, group } = yield* ownerAndMember()

      yield* port.updateSubject(member.sessionId, group.groupJid, "By a member")
      assert.strictEqual((yield* metadataFor(owner, group)).subject, "By a member")

      const settings = yield* Effect.flip(port.updateSettings(member.sessionId, group.groupJid, { isLocked: true }))
      assert.strictEqual(settings._tag, "NotGroupAdmin")

      yield* port.updateSettings(owner.sessionId, group.groupJid, { isLocked: true })
      const subject = yield* Effect.flip(port.updateSubject(member.sessionId, group.groupJid, "Again"))
      assert.strictEqual(subject._tag, "NotGroupAdmin")
      const description = yield* Effect.flip(port.updateDescription(member.sessionId, group.groupJid, "Again"))
      assert.strictEqual(description._tag, "NotGroupAdmin")
    }))

  it.effect("leaveGroup removes the account; leaving again is NotGroupMember", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const { owner, member, group } = yield* ownerAndMember()

      yield* port.leaveGroup(member.sessionId, group.groupJid)
      assert.strictEqual(roleOf(yield* metadataFor(owner, group), member.phoneJid), null)
      const again = yield* Effect.flip(port.leaveGroup(member.sessionId, group.groupJid))
      assert.strictEqual(again._tag, "NotGroupMember")
      const read = yield* Effect.flip(port.groupMetadata(member.sessionId, group.groupJid))
      assert.strictEqual(read._tag, "NotGroupMember")
    }))
}
