import { assert, describe, it } from "@effect/vitest"
import {
  addMembers,
  applyInboundChange,
  createGroup,
  EventStore,
  getGroup,
  getInvite,
  InboundChange,
  joinGroup,
  leaveGroup,
  LidJid,
  listMembers,
  PhoneJid,
  removeMember,
  WhatsAppPort
} from "@wagate/core"
import { Effect } from "effect"
import { acme, newSession, synced, user, World } from "../support/world.ts"

describe("inbound changes", () => {
  it.effect("participants with twins and a learned LID mapping fill the stored members; either twin then removes", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Twins", participants: [user()] })
      const phone = PhoneJid.make("6287700000001@s.whatsapp.net")
      const lid = LidJid.make("770000000000001@lid")
      // WhatsApp names a newcomer by LID only; a later mapping tells its phone JID.
      yield* applyInboundChange(InboundChange.ParticipantsChanged({
        sessionId: owner.id,
        groupJid: group.groupJid,
        action: "add",
        participants: [{ jid: lid }]
      }))
      const before = (yield* listMembers(acme, owner.id, group.groupJid)).items.find((m) => m.jid === lid)
      assert.deepStrictEqual(before, { jid: lid, phoneJid: null, lid, role: "member" })
      yield* applyInboundChange(InboundChange.LidMappingLearned({ sessionId: owner.id, pairs: [{ phoneJid: phone, lid }] }))
      const after = (yield* listMembers(acme, owner.id, group.groupJid)).items.find((m) => m.jid === lid)
      assert.deepStrictEqual(after, { jid: lid, phoneJid: phone, lid, role: "member" })

      // The owner removes it by phone JID: the use-case resolves the stored member (listed by LID) and echoes the input.
      const removed = yield* removeMember(acme, owner.id, group.groupJid, phone)
      // The simulated WhatsApp never had this made-up user: it answers not_member for the LID the core sent.
      assert.deepStrictEqual(removed, { jid: phone, status: "not_member" }, "the result names the member as the caller did")
      const left = (yield* listMembers(acme, owner.id, group.groupJid)).items.map((m) => m.jid)
      assert.notInclude(left, lid, "the store follows WhatsApp's not_member for the resolved member")
    }).pipe(Effect.provide(World)))

  it.effect("a join request change records its event and teaches the requester's twins; nothing else is stored", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Asks", participants: [user()] })
      const phone = PhoneJid.make("6287700000002@s.whatsapp.net")
      const lid = LidJid.make("770000000000002@lid")
      const before = yield* listMembers(acme, owner.id, group.groupJid)
      yield* applyInboundChange(InboundChange.JoinRequestChanged({
        sessionId: owner.id,
        groupJid: group.groupJid,
        participant: { jid: lid, phoneJid: phone },
        action: "created"
      }))
      yield* applyInboundChange(InboundChange.JoinRequestChanged({
        sessionId: owner.id,
        groupJid: group.groupJid,
        participant: { jid: lid },
        action: "cancelled"
      }))
      const events = (yield* (yield* EventStore).history(acme.orgId, { after: null, limit: 1000, types: ["group.join_request"] }))
        .filter((e) => e.sessionId === owner.id)
        .map((e) => e.data)
      assert.deepStrictEqual(events, [
        { groupJid: group.groupJid, jid: lid, action: "created" },
        { groupJid: group.groupJid, jid: lid, action: "cancelled" }
      ])
      assert.deepStrictEqual(yield* listMembers(acme, owner.id, group.groupJid), before, "a request adds no member")

      // The pair the request carried fills in the twin when WhatsApp later names the newcomer by LID only.
      yield* applyInboundChange(InboundChange.ParticipantsChanged({
        sessionId: owner.id,
        groupJid: group.groupJid,
        action: "add",
        participants: [{ jid: lid }]
      }))
      const added = (yield* listMembers(acme, owner.id, group.groupJid)).items.find((m) => m.jid === lid)
      assert.deepStrictEqual(added, { jid: lid, phoneJid: phone, lid, role: "member" })
    }).pipe(Effect.provide(World)))

  it.effect("a snapshot taken before the session left does not bring the group back", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [user()] })
      const joiner = yield* newSession()
      yield* joinGroup(acme, joiner.id, { invite: (yield* getInvite(acme, owner.id, group.groupJid)).code })
      const snapshot = yield* (yield* WhatsAppPort).groupMetadata(joiner.id, group.groupJid)
      yield* leaveGroup(acme, joiner.id, group.groupJid)

      // WhatsApp's notification of the join, applied late: after the leave.
      yield* applyInboundChange(InboundChange.GroupSeen({ sessionId: joiner.id, group: snapshot }))
      assert.isTrue((yield* getGroup(acme, joiner.id, group.groupJid)).left)
    }).pipe(Effect.provide(World)))

  it.effect("a session added again after leaving sees the group again", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const member = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [member.phoneJid] })
      yield* synced(acme, member.id, group.groupJid)
      yield* leaveGroup(acme, member.id, group.groupJid)
      yield* synced(acme, owner.id, group.groupJid, (g) => g.participants === 1)
      yield* addMembers(acme, owner.id, group.groupJid, { participants: [member.phoneJid] })
      const back = yield* synced(acme, member.id, group.groupJid, (g) => !g.left)
      assert.isFalse(back.left)
      assert.strictEqual(back.participants, 2)
    }).pipe(Effect.provide(World)))
})
