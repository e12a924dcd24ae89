import { assert, describe, it } from "@effect/vitest"
import {
  addMembers,
  applyInboundChange,
  approveJoinRequests,
  createCommunity,
  createGroup,
  demoteAdmin,
  getGroup,
  getInvite,
  getMessage,
  InboundChange,
  IdempotencyStore,
  joinGroup,
  leaveGroup,
  linkCommunityGroup,
  listMembers,
  logoutSession,
  MessageStore,
  promoteAdmins,
  rejectJoinRequests,
  removeMember,
  sendMessage,
  unlinkCommunityGroup,
  updateGroup,
  WhatsAppFailure
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { dataOf, eventsOf, mark } from "../support/events.ts"
import { acme, eventually, newSession, sendWith, synced, user, World } from "../support/world.ts"

describe("events of the use-cases", () => {
  it.effect("session.status: created connecting, then the status the start gave; logged out", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const statuses = dataOf(yield* eventsOf(session.id, "session.status"), "session.status")
      assert.deepStrictEqual(statuses[0], { status: "connecting", phoneJid: null, lid: null }, "stored connecting, with its event")
      assert.deepInclude(statuses, { status: "connected", phoneJid: session.phoneJid, lid: session.lid })
      // Each event is a change: the start's answer, already told by the transport, is not told again.
      statuses.forEach((status, i) => i > 0 && assert.notDeepEqual(status, statuses[i - 1], `event ${i} repeats the one before`))

      const before = yield* mark
      yield* logoutSession(acme, session.id)
      assert.deepStrictEqual(
        dataOf(yield* eventsOf(session.id, "session.status", before), "session.status"),
        [{ status: "logged_out", phoneJid: session.phoneJid, lid: session.lid }]
      )
    }).pipe(Effect.provide(World)))

  it.effect("session.status only on a change: the same status told again (by the transport, then the use-case) is no event", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const before = yield* mark
      const told = { sessionId: session.id, status: session.status, phoneJid: session.phoneJid, lid: session.lid }
      yield* applyInboundChange(InboundChange.SessionStatusChanged(told))
      assert.deepStrictEqual(yield* eventsOf(session.id, "session.status", before), [])
      yield* applyInboundChange(InboundChange.SessionStatusChanged({ ...told, status: "disconnected" }))
      yield* applyInboundChange(InboundChange.SessionStatusChanged({ ...told, status: "disconnected" }))
      assert.deepStrictEqual(
        dataOf(yield* eventsOf(session.id, "session.status", before), "session.status"),
        [{ status: "disconnected", phoneJid: session.phoneJid, lid: session.lid }]
      )
    }).pipe(Effect.provide(World)))

  it.effect("group.updated: the group as stored after create, update and leave", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Events", participants: [user()] })
      const updated = yield* updateGroup(acme, session.id, group.groupJid, { subject: "Renamed", description: "d" })
      yield* leaveGroup(acme, session.id, group.groupJid)
      const left = yield* getGroup(acme, session.id, group.groupJid)
      assert.isTrue(left.left)
      assert.deepStrictEqual(dataOf(yield* eventsOf(session.id, "group.updated"), "group.updated"), [group, updated, left])
    }).pipe(Effect.provide(World)))

  it.effect("group.participants: each member change with its participants and the session's account as author", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const [a, b] = [user(), user()]
      const { group } = yield* createGroup(acme, session.id, { name: "Members", participants: [a] })
      const before = yield* mark
      yield* addMembers(acme, session.id, group.groupJid, { participants: [b] })
      yield* promoteAdmins(acme, session.id, group.groupJid, { participants: [a] })
      yield* demoteAdmin(acme, session.id, group.groupJid, a)
      // Members are named as the group addresses them (their LIDs in a LID-addressed group).
      const addressOf = new Map<string | null, string>((yield* listMembers(acme, session.id, group.groupJid)).items.map((m) => [m.phoneJid, m.jid]))
      yield* removeMember(acme, session.id, group.groupJid, b)
      const change = (action: "add" | "remove" | "promote" | "demote", participant: string | undefined) =>
        ({ groupJid: group.groupJid, action, participants: [participant], author: session.phoneJid })
      assert.deepStrictEqual<unknown>(dataOf(yield* eventsOf(session.id, "group.participants", before), "group.participants"), [
        change("add", addressOf.get(b)),
        change("promote", addressOf.get(a)),
        change("demote", addressOf.get(a)),
        change("remove", addressOf.get(b))
      ])
    }).pipe(Effect.provide(World)))

  it.effect("group.updated when the session joins by invite, and group.participants for the members already there", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const joiner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Open", participants: [user()] })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const before = yield* mark
      yield* joinGroup(acme, joiner.id, { invite: code })
      const joined = yield* getGroup(acme, joiner.id, group.groupJid)
      assert.deepStrictEqual(dataOf(yield* eventsOf(joiner.id, "group.updated", before), "group.updated"), [joined])
      const told = yield* eventually(
        Effect.map(eventsOf(owner.id, "group.participants", before), (events) => dataOf(events, "group.participants")),
        (changes) => changes.length > 0
      )
      assert.deepStrictEqual(
        told.map((c) => [c.action, c.author]),
        [["add", joiner.phoneJid]],
        "the owner's session hears of the join through the inbound sync, the joiner named as author"
      )
    }).pipe(Effect.provide(World)))

  it.effect("group.join_request: the deciding session records approved and rejected, named as the group names them", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Gated", participants: [user()], settings: { joinApproval: true } })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const [alice, bob] = [yield* newSession(), yield* newSession()]
      yield* joinGroup(acme, alice.id, { invite: code })
      yield* joinGroup(acme, bob.id, { invite: code })
      // The owner hears of both requests through its inbound changes, applied by its own fiber: counted from after them.
      yield* eventually(eventsOf(owner.id, "group.join_request"), (events) => dataOf(events, "group.join_request").length === 2)
      const before = yield* mark
      yield* approveJoinRequests(acme, owner.id, group.groupJid, { participants: [alice.phoneJid] })
      yield* rejectJoinRequests(acme, owner.id, group.groupJid, { participants: [bob.phoneJid] })
      const aliceJid = (yield* listMembers(acme, owner.id, group.groupJid)).items.find((m) => m.phoneJid === alice.phoneJid)?.jid
      // The group addresses members by LID here (alice's stored address), so bob's request is named by his LID.
      assert.strictEqual(aliceJid, alice.lid)
      assert.deepStrictEqual<unknown>(dataOf(yield* eventsOf(owner.id, "group.join_request", before), "group.join_request"), [
        { groupJid: group.groupJid, jid: alice.lid, action: "approved" },
        { groupJid: group.groupJid, jid: bob.lid, action: "rejected" }
      ])
      assert.deepStrictEqual<unknown>(
        dataOf(yield* eventsOf(owner.id, "group.participants", before), "group.participants"),
        [{ groupJid: group.groupJid, action: "add", participants: [alice.lid], author: owner.phoneJid }],
        "the approval adds the requester"
      )
    }).pipe(Effect.provide(World)))

  it.effect("group.updated for a community's announcement group, and for a group linked to (and unlinked from) one", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const created = yield* createCommunity(acme, session.id, { name: "Neighbourhood" })
      const { group } = yield* createGroup(acme, session.id, { name: "Street", participants: [user()] })
      yield* linkCommunityGroup(acme, session.id, created.communityJid, { groupJid: group.groupJid })
      const linked = yield* getGroup(acme, session.id, group.groupJid)
      yield* unlinkCommunityGroup(acme, session.id, created.communityJid, group.groupJid)
      const updates = dataOf(yield* eventsOf(session.id, "group.updated"), "group.updated")
      assert.deepStrictEqual(updates.map((g) => g.groupJid), [created.announcementGroupJid, group.groupJid, group.groupJid, group.groupJid])
      assert.deepStrictEqual(updates.slice(1), [group, linked, yield* getGroup(acme, session.id, group.groupJid)])
    }).pipe(Effect.provide(World)))
})

describe("message.status events", () => {
  it.effect("a sync send: queued then sent, each event the SendResult after it; the key names the message", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { result } = yield* sendMessage(acme, session.id, { type: "text", to: user(), text: "hi" }, { idempotencyKey: "k-1" })
      const told = dataOf(yield* eventsOf(session.id, "message.status"), "message.status")
      assert.deepStrictEqual(told.map((m) => [m.status, m.attempts]), [["queued", 0], ["sent", 1]])
      assert.deepStrictEqual(told[1], result)
      assert.deepStrictEqual(yield* getMessage(acme, session.id, result.id), result)
      const record = yield* (yield* IdempotencyStore).find(acme.orgId, "k-1")
      assert.deepStrictEqual(record._tag === "Some" && record.value._tag === "Message" ? record.value.messageId : record, result.id)
    }).pipe(Effect.provide(World)))

  it.effect("a send WhatsApp refuses: the event reports the failed message", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* sendWith(() => () => Effect.fail(new WhatsAppFailure({ message: "socket closed" })))
      const { result } = yield* sendMessage(acme, session.id, { type: "text", to: user(), text: "hi" })
      const [queued, failed, ...rest] = dataOf(yield* eventsOf(session.id, "message.status"), "message.status")
      assert.deepStrictEqual(rest, [])
      assert.strictEqual(queued?.status, "queued")
      assert.deepStrictEqual([failed?.status, failed?.error], ["failed", { code: "whatsapp_error", message: "socket closed" }])
      assert.deepStrictEqual(failed, result)
      assert.deepStrictEqual(yield* getMessage(acme, session.id, result.id), failed)
    }).pipe(Effect.provide(World)))

  it.effect("receipts: each status a receipt moves the message to is an event with the message after it", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { result } = yield* sendMessage(acme, session.id, { type: "text", to: user(), text: "hi" })
      const stored = yield* (yield* MessageStore).get(acme.orgId, session.id, result.id)
      const waId = stored._tag === "Some" ? stored.value.waMessageId : null
      if (waId === null) return assert.fail("a sent message has its WhatsApp id")
      const simulator = yield* Simulator
      yield* simulator.receipt(session.id, waId, "delivered")
      yield* eventually(getMessage(acme, session.id, result.id), (m) => m.status === "delivered")
      yield* simulator.receipt(session.id, waId, "read")
      const read = yield* eventually(getMessage(acme, session.id, result.id), (m) => m.status === "read")
      const told = dataOf(yield* eventsOf(session.id, "message.status"), "message.status")
      assert.deepStrictEqual(told.map((m) => m.status), ["queued", "sent", "delivered", "read"])
      assert.deepStrictEqual(told[1], result)
      assert.deepStrictEqual(told[3], read)
    }).pipe(Effect.provide(World)))
})

describe("events of the inbound sync", () => {
  it.effect("a session added by another one learns the group (group.updated); members hear of it with its author", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const member = yield* newSession()
      const added = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Told", participants: [member.phoneJid] })
      yield* synced(acme, member.id, group.groupJid)
      const before = yield* mark
      yield* addMembers(acme, owner.id, group.groupJid, { participants: [added.phoneJid] })
      const learned = yield* synced(acme, added.id, group.groupJid)
      const seen = yield* eventually(
        Effect.map(eventsOf(added.id, "group.updated", before), (events) => dataOf(events, "group.updated")),
        (groups) => groups.length > 0
      )
      assert.deepStrictEqual(seen, [learned])
      const told = yield* eventually(
        Effect.map(eventsOf(member.id, "group.participants", before), (events) => dataOf(events, "group.participants")),
        (changes) => changes.length > 0
      )
      assert.deepStrictEqual<unknown>(told, [{ groupJid: group.groupJid, action: "add", participants: [added.lid], author: owner.phoneJid }])
    }).pipe(Effect.provide(World)))
})
