import { assert } from "@effect/vitest"
import { type JoinRequestChange, type SessionId, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { ChangeInbox } from "./ChangeInbox.ts"
import { type ContractIt, groupOf, isNamed, ownerAndMember, phonesOf } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** What one session's actions push to the other sessions through `WhatsAppPort.changes`. */
export const changesContract = (it: ContractIt) => {
  it.effect("a session whose account is added sees the whole group; members see the addition", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const added = yield* harness.newSession
      const group = yield* groupOf(owner, [member.phoneJid])

      yield* port.updateParticipants(owner.sessionId, group.groupJid, "add", [added.phoneJid])

      const seen = yield* inbox.next(added.sessionId, "GroupSeen", (c) => c.group.groupJid === group.groupJid)
      assert.isTrue(seen.group.members.some((m) => isNamed(m, added.phoneJid)))
      const change = yield* inbox.next(member.sessionId, "ParticipantsChanged", (c) => c.groupJid === group.groupJid)
      assert.strictEqual(change.action, "add")
      assert.deepStrictEqual(phonesOf(change.participants), [added.phoneJid])
    }))

  it.effect("a subject change reaches the other members as GroupChanged", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const inbox = yield* ChangeInbox
      const { owner, member, group } = yield* ownerAndMember()

      yield* port.updateSubject(owner.sessionId, group.groupJid, "Fresh subject")
      const change = yield* inbox.next(member.sessionId, "GroupChanged", (c) => c.groupJid === group.groupJid)
      assert.strictEqual(change.subject, "Fresh subject")
    }))

  it.effect("settings and description changes reach the other members", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const inbox = yield* ChangeInbox
      const { owner, member, group } = yield* ownerAndMember()

      yield* port.updateSettings(owner.sessionId, group.groupJid, { isLocked: true })
      const settings = yield* inbox.next(member.sessionId, "GroupChanged", (c) => c.settings !== undefined)
      assert.isTrue(settings.settings?.isLocked)
      yield* port.updateDescription(owner.sessionId, group.groupJid, null)
      const description = yield* inbox.next(member.sessionId, "GroupChanged", (c) => c.description !== undefined)
      assert.strictEqual(description.description, null)
    }))

  it.effect("a removal reaches the removed session and the remaining ones", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const removed = yield* harness.newSession
      const staying = yield* harness.newSession
      const group = yield* groupOf(owner, [removed.phoneJid, staying.phoneJid])

      yield* port.updateParticipants(owner.sessionId, group.groupJid, "remove", [removed.phoneJid])
      for (const session of [removed, staying]) {
        const change = yield* inbox.next(session.sessionId, "ParticipantsChanged", (c) => c.groupJid === group.groupJid)
        assert.strictEqual(change.action, "remove")
        assert.deepStrictEqual(phonesOf(change.participants), [removed.phoneJid])
        assert.include([owner.phoneJid, owner.lid], change.author, "the author is the admin who removed")
      }
    }))

  it.effect("leaving reaches the others as a remove of the leaver", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const leaver = yield* harness.newSession
      const group = yield* groupOf(owner, [leaver.phoneJid])

      yield* port.leaveGroup(leaver.sessionId, group.groupJid)
      const change = yield* inbox.next(owner.sessionId, "ParticipantsChanged", (c) => c.groupJid === group.groupJid)
      assert.strictEqual(change.action, "remove")
      assert.deepStrictEqual(phonesOf(change.participants), [leaver.phoneJid])
    }))

  it.effect("promotions reach the members", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const inbox = yield* ChangeInbox
      const { owner, member, group } = yield* ownerAndMember()

      yield* port.updateParticipants(owner.sessionId, group.groupJid, "promote", [member.phoneJid])
      const change = yield* inbox.next(member.sessionId, "ParticipantsChanged", (c) => c.groupJid === group.groupJid)
      assert.strictEqual(change.action, "promote")
      assert.deepStrictEqual(phonesOf(change.participants), [member.phoneJid])
      assert.include([owner.phoneJid, owner.lid], change.author, "the author is the admin who promoted")
    }))

  it.effect("joining by invite: the joiner sees the group, the members see the addition", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const joiner = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      yield* port.acceptInvite(joiner.sessionId, yield* port.inviteCode(owner.sessionId, group.groupJid))
      const seen = yield* inbox.next(joiner.sessionId, "GroupSeen", (c) => c.group.groupJid === group.groupJid)
      assert.isTrue(seen.group.members.some((m) => isNamed(m, joiner.phoneJid)))
      const change = yield* inbox.next(owner.sessionId, "ParticipantsChanged", (c) => c.groupJid === group.groupJid)
      assert.deepStrictEqual([change.action, phonesOf(change.participants)], ["add", [joiner.phoneJid]])
    }))

  it.effect("join requests reach the group's admins: created with the requester; an approval joins, a rejection is told", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const admin = yield* harness.newSession
      const joiner = yield* harness.newSession
      const asker = yield* harness.newSession
      const group = yield* groupOf(owner, [admin.phoneJid], { joinApproval: true })
      const gid = group.groupJid
      yield* port.updateParticipants(owner.sessionId, gid, "promote", [admin.phoneJid])
      const code = yield* port.inviteCode(owner.sessionId, gid)
      const request = (sessionId: SessionId, action: JoinRequestChange) =>
        inbox.next(sessionId, "JoinRequestChanged", (c) => c.groupJid === gid && c.action === action)

      assert.isTrue((yield* port.acceptInvite(joiner.sessionId, code)).pendingApproval)
      for (const told of [owner, admin]) {
        const created = yield* request(told.sessionId, "created")
        assert.isTrue(isNamed(created.participant, joiner.phoneJid), `${told.sessionId} is told who asks`)
      }
      yield* port.updateJoinRequests(owner.sessionId, gid, "approve", [joiner.phoneJid])
      const seen = yield* inbox.next(joiner.sessionId, "GroupSeen", (c) => c.group.groupJid === gid)
      assert.isTrue(seen.group.members.some((m) => isNamed(m, joiner.phoneJid)), "the approved requester joins")
      const added = yield* inbox.next(admin.sessionId, "ParticipantsChanged", (c) => c.groupJid === gid && c.action === "add")
      assert.deepStrictEqual(phonesOf(added.participants), [joiner.phoneJid], "an approval reaches the other admin as an add")

      yield* port.acceptInvite(asker.sessionId, code)
      yield* request(admin.sessionId, "created")
      yield* port.updateJoinRequests(owner.sessionId, gid, "reject", [asker.phoneJid])
      const rejected = yield* request(admin.sessionId, "rejected")
      assert.isTrue(isNamed(rejected.participant, asker.phoneJid), "the other admin is told whom the owner rejected")
    }))

  it.effect("linking a group reaches its members as CommunityLinkChanged", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const { community } = yield* port.createCommunity(owner.sessionId, { subject: "Club", participants: [] })
      const group = yield* groupOf(owner, [member.phoneJid])

      yield* port.linkGroup(owner.sessionId, community.groupJid, group.groupJid)
      const linked = yield* inbox.next(member.sessionId, "CommunityLinkChanged", (c) => c.groupJid === group.groupJid)
      assert.deepStrictEqual([linked.communityJid, linked.linked], [community.groupJid, true])
      yield* port.unlinkGroup(owner.sessionId, community.groupJid, group.groupJid)
      const unlinked = yield* inbox.next(member.sessionId, "CommunityLinkChanged", (c) => c.groupJid === group.groupJid)
      assert.isFalse(unlinked.linked)
    }))

  it.effect("connection changes reach the session as SessionStatusChanged", () =>
    Effect.gen(function*() {
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const session = yield* harness.newSession

      // A real transport passes through `pairing` and `connecting` on the way: the statuses that matter are read.
      const is = (status: string) => (c: { readonly status: string }) => c.status === status
      const started = yield* inbox.next(session.sessionId, "SessionStatusChanged", is("connected"))
      assert.strictEqual(started.phoneJid, session.phoneJid)
      yield* harness.disconnect(session.sessionId)
      yield* inbox.next(session.sessionId, "SessionStatusChanged", is("disconnected"))
      yield* harness.connect(session.sessionId)
      const back = yield* inbox.next(session.sessionId, "SessionStatusChanged", is("connected"))
      assert.strictEqual(back.phoneJid, session.phoneJid)
    }))
}
