import { assert, describe, it } from "@effect/vitest"
import { createGroup, getGroup, leaveGroup, listGroups, listMembers, updateGroup } from "@wagate/core"
import { Effect } from "effect"
import { acme, acmeReader, calls, newSession, resetCalls, user, World } from "../support/world.ts"

describe("groups", () => {
  it.effect("a created group is stored at once: it lists and reads without WhatsApp", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const member = user()
      const created = yield* createGroup(acme, session.id, { name: "Ops", participants: [member], description: "on call" })
      assert.match(created.group.groupJid, /@g\.us$/)
      assert.strictEqual(created.group.subject, "Ops")
      assert.strictEqual(created.group.ownerJid, session.phoneJid)
      assert.strictEqual(created.group.participants, 2)
      assert.deepStrictEqual(created.results, [{ jid: member, status: "added" }])

      yield* resetCalls
      const listed = yield* listGroups(acmeReader, session.id)
      assert.deepStrictEqual(listed.items.map((g) => g.groupJid), [created.group.groupJid])
      assert.strictEqual(listed.nextCursor, "")
      const read = yield* getGroup(acmeReader, session.id, created.group.groupJid)
      assert.strictEqual(read.description, "on call")
      const members = yield* listMembers(acmeReader, session.id, encodeURIComponent(created.group.groupJid).replace("%40", "@"))
      assert.deepStrictEqual(
        members.items.map((m) => [String(m.phoneJid), m.role]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
        [[member, "member"], [String(session.phoneJid), "superadmin"]].sort(([a], [b]) => (a! < b! ? -1 : 1))
      )
      assert.deepStrictEqual(yield* calls, [], "stored reads never call WhatsApp")
    }).pipe(Effect.provide(World)))

  it.effect("settings given at creation apply; the creator's own JID in the list is ignored", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const created = yield* createGroup(acme, session.id, {
        name: "  Announcements ",
        participants: [session.phoneJid, user()],
        settings: { isAnnounce: true, joinApproval: true }
      })
      assert.strictEqual(created.group.subject, "Announcements")
      assert.isTrue(created.group.isAnnounce)
      assert.isTrue(created.group.joinApproval)
      assert.isFalse(created.group.isLocked)
      assert.strictEqual(created.group.participants, 2)
    }).pipe(Effect.provide(World)))

  it.effect("patching subject, description and settings updates WhatsApp and the store; null clears the description", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Old", participants: [user()], description: "d" })
      const updated = yield* updateGroup(acme, session.id, group.groupJid, {
        subject: "New",
        description: null,
        settings: { isLocked: true, memberAddMode: "all_member_add" }
      })
      assert.strictEqual(updated.subject, "New")
      assert.isNull(updated.description)
      assert.isTrue(updated.isLocked)
      assert.strictEqual(updated.memberAddMode, "all_member_add")
      assert.deepStrictEqual(yield* getGroup(acme, session.id, group.groupJid), updated)
    }).pipe(Effect.provide(World)))

  it.effect("leaving keeps the stored group readable, marked left", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Temp", participants: [user()] })
      yield* leaveGroup(acme, session.id, group.groupJid)
      const after = yield* getGroup(acme, session.id, group.groupJid)
      assert.isTrue(after.left)
      assert.strictEqual(after.subject, "Temp")
      const listed = yield* listGroups(acme, session.id)
      assert.isTrue(listed.items.some((g) => g.groupJid === group.groupJid && g.left))
      yield* leaveGroup(acme, session.id, group.groupJid)
      assert.isTrue((yield* getGroup(acme, session.id, group.groupJid)).left, "leaving again is a no-op")
      const error = yield* Effect.flip(updateGroup(acme, session.id, group.groupJid, { subject: "x" }))
      assert.strictEqual(error._tag, "NotGroupMember", "a left group can no longer be changed: the session is not in it")
    }).pipe(Effect.provide(World)))

  it.effect("lists page by group JID with a cursor", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const jids: Array<string> = []
      for (let i = 0; i < 5; i++) {
        jids.push((yield* createGroup(acme, session.id, { name: `G${i}`, participants: [user()] })).group.groupJid)
      }
      const first = yield* listGroups(acme, session.id, { limit: 2 })
      const second = yield* listGroups(acme, session.id, { limit: 2, cursor: first.nextCursor })
      const third = yield* listGroups(acme, session.id, { limit: 2, cursor: second.nextCursor })
      assert.deepStrictEqual([...first.items, ...second.items, ...third.items].map((g) => g.groupJid), [...jids].sort())
      assert.strictEqual(third.nextCursor, "")
    }).pipe(Effect.provide(World)))

  it.effect("an unknown group is not found", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const error = yield* Effect.flip(getGroup(acme, session.id, "120363000000000001@g.us"))
      assert.strictEqual(error._tag, "NotFound")
    }).pipe(Effect.provide(World)))

  it.effect("a malformed JID, empty participants or an empty name are validation errors naming the fields, before WhatsApp", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      const cases: ReadonlyArray<readonly [unknown, ReadonlyArray<string>]> = [
        [{ name: "", participants: [user()] }, ["name"]],
        [{ name: "   ", participants: [user()] }, ["name"]],
        [{ name: "Ok", participants: [] }, ["participants"]],
        [{ name: "Ok", participants: ["12345@s.whatsapp.net", user()] }, ["participants.0"]],
        [{ name: "Ok", participants: [user(), "120363041234567890@g.us"] }, ["participants.1"]],
        [{ participants: [user()] }, ["name"]],
        [{ name: "", participants: "6281234567890" }, ["name", "participants"]],
        [{ name: "Ok", participants: [user()], settings: { memberAddMode: "everyone" } }, ["settings.memberAddMode"]]
      ]
      for (const [body, fields] of cases) {
        const error = yield* Effect.flip(createGroup(acme, session.id, body))
        assert.strictEqual(error._tag, "ValidationError", JSON.stringify(body))
        assert.sameMembers(Object.keys(error._tag === "ValidationError" ? error.details : {}), [...fields], JSON.stringify(body))
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("text WhatsApp or the store cannot carry (NUL, a lone surrogate) is refused before any WhatsApp call", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      const nul = yield* Effect.flip(createGroup(acme, session.id, { name: "a\u0000b", participants: [user()] }))
      assert.deepStrictEqual(nul._tag === "ValidationError" ? Object.keys(nul.details) : [], ["name"])
      const surrogate = yield* Effect.flip(createGroup(acme, session.id, { name: "ok", participants: [user()], description: "\ud800" }))
      assert.deepStrictEqual(surrogate._tag === "ValidationError" ? Object.keys(surrogate.details) : [], ["description"])
      assert.deepStrictEqual(yield* calls, [])
      const emoji = yield* createGroup(acme, session.id, { name: "Club 🎉", participants: [user()] })
      assert.strictEqual(emoji.group.subject, "Club 🎉", "paired surrogates are fine")
    }).pipe(Effect.provide(World)))

  it.effect("after leaving, the session's own copy no longer counts it as a member", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Temp", participants: [user(), user()] })
      yield* leaveGroup(acme, session.id, group.groupJid)
      const after = yield* getGroup(acme, session.id, group.groupJid)
      assert.strictEqual(after.participants, 2)
      const members = yield* listMembers(acme, session.id, group.groupJid)
      assert.notInclude(members.items.map((m) => m.phoneJid), session.phoneJid)
    }).pipe(Effect.provide(World)))
})
