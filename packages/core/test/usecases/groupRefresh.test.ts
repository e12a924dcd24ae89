import { assert, describe, it } from "@effect/vitest"
import { createGroup, getGroup, type GroupJid, listMembers, refreshGroup, refreshGroups, type SessionId, WhatsAppPort } from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { dataOf, eventsOf, mark } from "../support/events.ts"
import { acme, acmeReader, calls, globex, newSession, resetCalls, user, World } from "../support/world.ts"

/**
 * Changes made on WhatsApp by the session's own account from another device (its phone): the simulator tells
 * every session of the group but the one that acted, so the session's stored view misses them. That is the
 * drift a refresh repairs.
 */
const onThePhone = {
  rename: (sessionId: SessionId, groupJid: GroupJid, subject: string) =>
    WhatsAppPort.use((whatsapp) => whatsapp.updateSubject(sessionId, groupJid, subject)),
  add: (sessionId: SessionId, groupJid: GroupJid) =>
    WhatsAppPort.use((whatsapp) => whatsapp.updateParticipants(sessionId, groupJid, "add", [user()])),
  leave: (sessionId: SessionId, groupJid: GroupJid) =>
    WhatsAppPort.use((whatsapp) => whatsapp.leaveGroup(sessionId, groupJid))
}

/** Lets the inbound sync run what it was given, so a stale store below is stale because nothing arrived. */
const settle = Effect.gen(function*() {
  for (let i = 0; i < 50; i++) yield* Effect.yieldNow
})

const memberJids = (sessionId: SessionId, groupJid: GroupJid) =>
  Effect.map(listMembers(acme, sessionId, groupJid), (page) => page.items.map((m) => m.jid).sort())

describe("group refresh", () => {
  it.effect("a group changed on WhatsApp without the session hearing is re-read into the store, with one group.updated", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Before", participants: [user()] })
      yield* onThePhone.rename(session.id, group.groupJid, "After")
      yield* onThePhone.add(session.id, group.groupJid)
      yield* settle
      const stale = yield* getGroup(acme, session.id, group.groupJid)
      assert.strictEqual(stale.subject, "Before", "the session did not hear of the change")
      assert.strictEqual(stale.participants, 2)

      const before = yield* mark
      yield* resetCalls
      const refreshed = yield* refreshGroup(acme, session.id, group.groupJid)
      assert.strictEqual(refreshed.subject, "After")
      assert.strictEqual(refreshed.participants, 3)
      assert.deepStrictEqual(yield* calls, ["groupMetadata"])
      assert.deepStrictEqual(yield* getGroup(acme, session.id, group.groupJid), refreshed)
      assert.strictEqual((yield* memberJids(session.id, group.groupJid)).length, 3, "the new member is stored")
      assert.deepStrictEqual(dataOf(yield* eventsOf(session.id, "group.updated", before), "group.updated"), [refreshed])
    }).pipe(Effect.provide(World)))

  it.effect("a refresh that finds nothing new records no event and leaves the store as it was", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Same", participants: [user(), user()] })
      const members = yield* memberJids(session.id, group.groupJid)
      const before = yield* mark
      const refreshed = yield* refreshGroup(acme, session.id, group.groupJid)
      assert.deepStrictEqual(refreshed, group)
      assert.deepStrictEqual(yield* memberJids(session.id, group.groupJid), members)
      assert.deepStrictEqual(yield* eventsOf(session.id, "group.updated", before), [])
    }).pipe(Effect.provide(World)))

  it.effect("refreshing one group: the same checks as the other live group calls, and WhatsApp's refusals", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const outsider = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Checked", participants: [user()] })
      yield* resetCalls
      assert.strictEqual((yield* Effect.flip(refreshGroup(acmeReader, session.id, group.groupJid)))._tag, "MissingCapability")
      assert.strictEqual((yield* Effect.flip(refreshGroup(globex, session.id, group.groupJid)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(refreshGroup(acme, session.id, "nope")))._tag, "ValidationError")
      assert.deepStrictEqual(yield* calls, [], "refused before a WhatsApp call")
      const unknown = yield* Effect.flip(refreshGroup(acme, session.id, "99999999999999999999@g.us"))
      assert.strictEqual(unknown._tag, "NotFound")
      const notMember = yield* Effect.flip(refreshGroup(acme, outsider.id, group.groupJid))
      assert.strictEqual(notMember._tag, "NotGroupMember")

      yield* (yield* Simulator).disconnect(session.id)
      yield* resetCalls
      assert.strictEqual((yield* Effect.flip(refreshGroup(acme, session.id, group.groupJid)))._tag, "SessionNotConnected")
      assert.strictEqual((yield* Effect.flip(refreshGroups(acme, session.id)))._tag, "SessionNotConnected")
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("refreshing one group the session left unheard marks it left, with one group.updated; again, nothing more", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Left on the phone", participants: [user()] })
      yield* onThePhone.leave(session.id, group.groupJid)
      yield* settle
      assert.isFalse((yield* getGroup(acme, session.id, group.groupJid)).left, "the session did not hear it left")

      const before = yield* mark
      const refreshed = yield* refreshGroup(acme, session.id, group.groupJid)
      assert.isTrue(refreshed.left)
      assert.strictEqual(refreshed.subject, "Left on the phone", "a left group stays readable")
      assert.deepStrictEqual(yield* getGroup(acme, session.id, group.groupJid), refreshed)
      assert.deepStrictEqual(dataOf(yield* eventsOf(session.id, "group.updated", before), "group.updated"), [refreshed])

      const again = yield* mark
      assert.deepStrictEqual(yield* refreshGroup(acme, session.id, group.groupJid), refreshed)
      assert.deepStrictEqual(yield* eventsOf(session.id, "group.updated", again), [])
    }).pipe(Effect.provide(World)))

  it.effect("refreshing all groups is ONE WhatsApp call; changed groups get their event, groups the session is out of are marked left", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const renamed = (yield* createGroup(acme, session.id, { name: "Renamed later", participants: [user()] })).group
      const same = (yield* createGroup(acme, session.id, { name: "Unchanged", participants: [user()] })).group
      const gone = (yield* createGroup(acme, session.id, { name: "Left on the phone", participants: [user()] })).group
      yield* onThePhone.rename(session.id, renamed.groupJid, "Renamed")
      yield* onThePhone.leave(session.id, gone.groupJid)
      yield* settle
      assert.isFalse((yield* getGroup(acme, session.id, gone.groupJid)).left, "the session did not hear it left")

      const before = yield* mark
      yield* resetCalls
      const summary = yield* refreshGroups(acme, session.id)
      assert.deepStrictEqual(yield* calls, ["participatingGroups"], "one batch call, never one per group")
      assert.deepStrictEqual(summary, { groups: 2, changed: 1, left: 1 })

      const renamedNow = yield* getGroup(acme, session.id, renamed.groupJid)
      const goneNow = yield* getGroup(acme, session.id, gone.groupJid)
      assert.strictEqual(renamedNow.subject, "Renamed")
      assert.isTrue(goneNow.left)
      assert.strictEqual(goneNow.subject, "Left on the phone", "a left group stays readable")
      assert.deepStrictEqual(yield* getGroup(acme, session.id, same.groupJid), same)
      assert.deepStrictEqual(
        dataOf(yield* eventsOf(session.id, "group.updated", before), "group.updated"),
        [renamedNow, goneNow]
      )

      // A second resync finds the store true: nothing changes, nothing more is left.
      const again = yield* mark
      assert.deepStrictEqual(yield* refreshGroups(acme, session.id), { groups: 2, changed: 0, left: 0 })
      assert.deepStrictEqual(yield* eventsOf(session.id, "group.updated", again), [])
    }).pipe(Effect.provide(World)))

  it.effect("refreshing all groups needs send on the caller's own session", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      assert.strictEqual((yield* Effect.flip(refreshGroups(acmeReader, session.id)))._tag, "MissingCapability")
      assert.strictEqual((yield* Effect.flip(refreshGroups(globex, session.id)))._tag, "NotFound")
      assert.deepStrictEqual(yield* calls, [])
      assert.deepStrictEqual(yield* refreshGroups(acme, session.id), { groups: 0, changed: 0, left: 0 })
    }).pipe(Effect.provide(World)))
})
