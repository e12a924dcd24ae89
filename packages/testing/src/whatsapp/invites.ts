import { assert } from "@effect/vitest"
import { InviteCode, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, resultsOf, groupOf, metadataFor, roleOf, ownerAndMember } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Invite codes, joining by code, previews and join requests. */
export const invitesContract = (it: ContractIt) => {
  it.effect("the invite code is stable until revoked; a revoked code is invalid", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      const first = yield* port.inviteCode(owner.sessionId, group.groupJid)
      assert.strictEqual(yield* port.inviteCode(owner.sessionId, group.groupJid), first)
      const second = yield* port.revokeInvite(owner.sessionId, group.groupJid)
      assert.notStrictEqual(second, first)
      assert.strictEqual(yield* port.inviteCode(owner.sessionId, group.groupJid), second)

      const info = yield* Effect.flip(port.inviteInfo(joiner.sessionId, first))
      assert.strictEqual(info._tag, "InviteInvalid")
      const accept = yield* Effect.flip(port.acceptInvite(joiner.sessionId, first))
      assert.strictEqual(accept._tag, "InviteInvalid")
    }))

  it.effect("an unknown code is InviteInvalid", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const session = yield* (yield* WhatsAppHarness).newSession
      const error = yield* Effect.flip(port.acceptInvite(session.sessionId, InviteCode.make("NoSuchCode0000000000000")))
      assert.strictEqual(error._tag, "InviteInvalid")
    }))

  it.effect("accepting a code joins as member; accepting again is a no-op", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])
      const code = yield* port.inviteCode(owner.sessionId, group.groupJid)

      const joined = yield* port.acceptInvite(joiner.sessionId, code)
      assert.deepStrictEqual(joined, { groupJid: group.groupJid, pendingApproval: false })
      const after = yield* metadataFor(joiner, group)
      assert.strictEqual(roleOf(after, joiner.phoneJid), "member")

      assert.deepStrictEqual(yield* port.acceptInvite(joiner.sessionId, code), joined)
      assert.strictEqual((yield* metadataFor(owner, group)).members.length, after.members.length)
    }))

  it.effect("inviteInfo previews the group without joining", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const viewer = yield* harness.newSession
      const { group } = yield* port.createGroup(owner.sessionId, {
        subject: "Preview",
        description: "What it is about",
        participants: [yield* harness.newUser, yield* harness.newUser]
      })
      const code = yield* port.inviteCode(owner.sessionId, group.groupJid)

      assert.deepStrictEqual(yield* port.inviteInfo(viewer.sessionId, code), {
        groupJid: group.groupJid,
        subject: "Preview",
        description: "What it is about",
        size: 3
      })
      const read = yield* Effect.flip(port.groupMetadata(viewer.sessionId, group.groupJid))
      assert.strictEqual(read._tag, "NotGroupMember")
    }))

  it.effect("with join approval a code makes a pending request; approving it joins", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const stranger = yield* harness.newUser
      const group = yield* groupOf(owner, [yield* harness.newUser], { joinApproval: true })
      const code = yield* port.inviteCode(owner.sessionId, group.groupJid)

      assert.deepStrictEqual(yield* port.acceptInvite(joiner.sessionId, code), {
        groupJid: group.groupJid,
        pendingApproval: true
      })
      const notYet = yield* Effect.flip(port.groupMetadata(joiner.sessionId, group.groupJid))
      assert.strictEqual(notYet._tag, "NotGroupMember")
      const requests = yield* port.joinRequests(owner.sessionId, group.groupJid)
      assert.deepStrictEqual(requests.map((r) => r.jid), [joiner.phoneJid])
      assert.isString(requests[0]?.requestedAt)

      const results = yield* port.updateJoinRequests(owner.sessionId, group.groupJid, "approve", [
        joiner.phoneJid,
        stranger
      ])
      assert.deepStrictEqual(resultsOf(results), [
        { jid: joiner.phoneJid, status: "approved" },
        { jid: stranger, status: "failed" }
      ])
      assert.strictEqual(roleOf(yield* metadataFor(joiner, group), joiner.phoneJid), "member")
      assert.deepStrictEqual(yield* port.joinRequests(owner.sessionId, group.groupJid), [])
    }))

  it.effect("a rejected request does not join", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser], { joinApproval: true })
      yield* port.acceptInvite(joiner.sessionId, yield* port.inviteCode(owner.sessionId, group.groupJid))

      const results = yield* port.updateJoinRequests(owner.sessionId, group.groupJid, "reject", [joiner.phoneJid])
      assert.deepStrictEqual(resultsOf(results), [{ jid: joiner.phoneJid, status: "rejected" }])
      assert.deepStrictEqual(yield* port.joinRequests(owner.sessionId, group.groupJid), [])
      assert.strictEqual(roleOf(yield* metadataFor(owner, group), joiner.phoneJid), null)
    }))

  it.effect("invite and request actions need an admin", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const { owner, member, group } = yield* ownerAndMember()
      const gid = group.groupJid

      const refused = [
        yield* Effect.flip(port.inviteCode(member.sessionId, gid)),
        yield* Effect.flip(port.revokeInvite(member.sessionId, gid)),
        yield* Effect.flip(port.joinRequests(member.sessionId, gid)),
        yield* Effect.flip(port.updateJoinRequests(member.sessionId, gid, "approve", [owner.phoneJid]))
      ]
      assert.deepStrictEqual(refused.map((e) => e._tag), ["NotGroupAdmin", "NotGroupAdmin", "NotGroupAdmin", "NotGroupAdmin"])
    }))
}
