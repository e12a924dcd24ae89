import { assert } from "@effect/vitest"
import { WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, resultsOf, groupOf, metadataFor, roleOf, unknownGroupJid } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Adding, removing, promoting and demoting participants, and who may do it. */
export const membersContract = (it: ContractIt) => {
  it.effect("add reports added, already_member, invite_sent and not_on_whatsapp", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const [member, fresh, privateUser, unknown] = [
        yield* harness.newUser,
        yield* harness.newUser,
        yield* harness.privateUser,
        yield* harness.unknownUser
      ]
      const group = yield* groupOf(owner, [member])

      const results = yield* port.updateParticipants(owner.sessionId, group.groupJid, "add", [
        fresh,
        member,
        privateUser,
        unknown
      ])
      assert.deepStrictEqual(resultsOf(results), [
        { jid: fresh, status: "added" },
        { jid: member, status: "already_member" },
        { jid: privateUser, status: "invite_sent" },
        { jid: unknown, status: "not_on_whatsapp" }
      ])
      const after = yield* metadataFor(owner, group)
      assert.strictEqual(roleOf(after, fresh), "member")
      assert.strictEqual(roleOf(after, privateUser), null)
    }))

  it.effect("remove reports removed, not_member, and failed for the superadmin", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newUser
      const stranger = yield* harness.newUser
      const group = yield* groupOf(owner, [member])

      const results = yield* port.updateParticipants(owner.sessionId, group.groupJid, "remove", [
        member,
        stranger,
        owner.phoneJid
      ])
      assert.deepStrictEqual(resultsOf(results), [
        { jid: member, status: "removed" },
        { jid: stranger, status: "not_member" },
        { jid: owner.phoneJid, status: "failed" }
      ])
      const after = yield* metadataFor(owner, group)
      assert.strictEqual(roleOf(after, member), null)
      assert.strictEqual(roleOf(after, owner.phoneJid), "superadmin")
    }))

  it.effect("promote and demote report per participant; the superadmin cannot be demoted", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newUser
      const stranger = yield* harness.newUser
      const group = yield* groupOf(owner, [member])

      const promoted = yield* port.updateParticipants(owner.sessionId, group.groupJid, "promote", [member, stranger])
      assert.deepStrictEqual(resultsOf(promoted), [{ jid: member, status: "promoted" }, { jid: stranger, status: "not_member" }])
      assert.strictEqual(roleOf(yield* metadataFor(owner, group), member), "admin")

      const demoted = yield* port.updateParticipants(owner.sessionId, group.groupJid, "demote", [
        member,
        stranger,
        owner.phoneJid
      ])
      assert.deepStrictEqual(resultsOf(demoted), [
        { jid: member, status: "demoted" },
        { jid: stranger, status: "not_member" },
        { jid: owner.phoneJid, status: "failed" }
      ])
      const after = yield* metadataFor(owner, group)
      assert.strictEqual(roleOf(after, member), "member")
      assert.strictEqual(roleOf(after, owner.phoneJid), "superadmin")
    }))

  it.effect("a promoted admin may manage members", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const admin = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(owner, [admin.phoneJid])
      yield* port.updateParticipants(owner.sessionId, group.groupJid, "promote", [admin.phoneJid])

      const added = yield* port.updateParticipants(admin.sessionId, group.groupJid, "add", [user])
      assert.deepStrictEqual(resultsOf(added), [{ jid: user, status: "added" }])
    }))

  it.effect("member actions need an admin, except adding when every member may add", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(owner, [member.phoneJid])

      for (const action of ["add", "remove", "promote", "demote"] as const) {
        const error = yield* Effect.flip(port.updateParticipants(member.sessionId, group.groupJid, action, [user]))
        assert.strictEqual(error._tag, "NotGroupAdmin", action)
      }

      yield* port.updateSettings(owner.sessionId, group.groupJid, { memberAddMode: "all_member_add" })
      const added = yield* port.updateParticipants(member.sessionId, group.groupJid, "add", [user])
      assert.deepStrictEqual(resultsOf(added), [{ jid: user, status: "added" }])
      const removal = yield* Effect.flip(port.updateParticipants(member.sessionId, group.groupJid, "remove", [user]))
      assert.strictEqual(removal._tag, "NotGroupAdmin")
    }))

  it.effect("a session outside the group gets NotGroupMember; an unknown group NotFound", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const outsider = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(owner, [user])

      const outside = yield* Effect.flip(port.updateParticipants(outsider.sessionId, group.groupJid, "add", [user]))
      assert.strictEqual(outside._tag, "NotGroupMember")
      const unknown = yield* Effect.flip(port.updateParticipants(owner.sessionId, unknownGroupJid, "add", [user]))
      assert.strictEqual(unknown._tag, "NotFound")
    }))

  it.effect("members have both twins; either form works in a LID-addressed group, and results echo the input", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const group = yield* groupOf(owner, [member.phoneJid])
      const listed = (yield* metadataFor(owner, group)).members.find((m) => m.phoneJid === member.phoneJid)
      assert.isDefined(listed, "the member is listed with its phone JID twin")
      assert.strictEqual(listed?.lid, member.lid, "and its LID twin")
      assert.include([member.phoneJid, member.lid], listed?.jid, "addressed by one of them")

      const promoted = yield* port.updateParticipants(owner.sessionId, group.groupJid, "promote", [member.phoneJid])
      assert.deepStrictEqual(resultsOf(promoted), [{ jid: member.phoneJid, status: "promoted" }])
      assert.strictEqual(roleOf(yield* metadataFor(owner, group), member.lid), "admin")
      const demoted = yield* port.updateParticipants(owner.sessionId, group.groupJid, "demote", [member.lid])
      assert.deepStrictEqual(resultsOf(demoted), [{ jid: member.lid, status: "demoted" }])
      const removed = yield* port.updateParticipants(owner.sessionId, group.groupJid, "remove", [member.phoneJid])
      assert.deepStrictEqual(resultsOf(removed), [{ jid: member.phoneJid, status: "removed" }])
      assert.isNull(roleOf(yield* metadataFor(owner, group), member.lid))
      const readded = yield* port.updateParticipants(owner.sessionId, group.groupJid, "add", [member.lid])
      assert.deepStrictEqual(resultsOf(readded), [{ jid: member.lid, status: "added" }], "a known account's LID can be added")
    }))

  it.effect("an add by phone JID to a LID-addressed group answers the member by the group's address with both twins", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const group = yield* groupOf(owner, [])
      assert.strictEqual((yield* metadataFor(owner, group)).members[0]?.jid, owner.lid, "the group is LID-addressed")

      const [added] = yield* port.updateParticipants(owner.sessionId, group.groupJid, "add", [joiner.phoneJid])
      assert.deepStrictEqual(added, {
        jid: joiner.phoneJid,
        status: "added",
        member: { jid: joiner.lid, phoneJid: joiner.phoneJid, lid: joiner.lid }
      }, "the result echoes the input; the member is named as the group names it")
      const listed = (yield* metadataFor(owner, group)).members.find((m) => m.jid === added?.member?.jid)
      assert.strictEqual(listed?.phoneJid, joiner.phoneJid, "the group lists the member under that address")

      const [promoted] = yield* port.updateParticipants(owner.sessionId, group.groupJid, "promote", [joiner.phoneJid])
      assert.deepStrictEqual(promoted?.member, { jid: joiner.lid, phoneJid: joiner.phoneJid, lid: joiner.lid }, "promote too")
    }))
}
