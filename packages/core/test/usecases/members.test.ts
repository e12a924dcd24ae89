import { assert, describe, it } from "@effect/vitest"
import { addMembers, createGroup, demoteAdmin, listMembers, promoteAdmins, removeMember } from "@wagate/core"
import { Effect } from "effect"
import { acme, calls, newSession, resetCalls, synced, user, World } from "../support/world.ts"

const roles = (page: { readonly items: ReadonlyArray<{ readonly phoneJid: string | null; readonly role: string }> }) =>
  Object.fromEntries(page.items.map((m) => [m.phoneJid, m.role]))

describe("members", () => {
  it.effect("adding gives one result per participant and stores those added", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const existing = user()
      const { group } = yield* createGroup(acme, session.id, { name: "Team", participants: [existing] })
      const fresh = user()
      const privateUser = user("999")
      const nobody = user("000")
      const results = yield* addMembers(acme, session.id, group.groupJid, {
        participants: [fresh, existing, privateUser, nobody]
      })
      assert.deepStrictEqual(results, [
        { jid: fresh, status: "added" },
        { jid: existing, status: "already_member" },
        { jid: privateUser, status: "invite_sent" },
        { jid: nobody, status: "not_on_whatsapp" }
      ])
      const members = roles(yield* listMembers(acme, session.id, group.groupJid))
      assert.strictEqual(members[fresh], "member")
      assert.strictEqual(members[existing], "member")
      assert.notProperty(members, privateUser)
      assert.notProperty(members, nobody)
    }).pipe(Effect.provide(World)))

  it.effect("a member added by phone JID to a LID-addressed group is stored at once by its LID, with both twins", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const joiner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Team", participants: [user()] })
      const results = yield* addMembers(acme, owner.id, group.groupJid, { participants: [joiner.phoneJid] })
      assert.deepStrictEqual(results, [{ jid: joiner.phoneJid, status: "added" }], "the result echoes the input, nothing more")
      const stored = (yield* listMembers(acme, owner.id, group.groupJid)).items.filter((m) =>
        m.jid === joiner.phoneJid || m.phoneJid === joiner.phoneJid || m.lid === joiner.lid
      )
      assert.deepStrictEqual(stored.map((m) => [m.jid, m.phoneJid, m.lid, m.role]), [[joiner.lid, joiner.phoneJid, joiner.lid, "member"]])

      assert.deepStrictEqual(yield* promoteAdmins(acme, owner.id, group.groupJid, { participants: [joiner.phoneJid] }), [
        { jid: joiner.phoneJid, status: "promoted" }
      ])
      assert.strictEqual((yield* listMembers(acme, owner.id, group.groupJid)).items.find((m) => m.jid === joiner.lid)?.role, "admin")
      assert.deepStrictEqual(yield* removeMember(acme, owner.id, group.groupJid, joiner.phoneJid), { jid: joiner.phoneJid, status: "removed" })
      const left = (yield* listMembers(acme, owner.id, group.groupJid)).items
      assert.isUndefined(left.find((m) => m.phoneJid === joiner.phoneJid || m.jid === joiner.lid))
    }).pipe(Effect.provide(World)))

  it.effect("phone numbers are accepted as participants", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "Team", participants: [user()] })
      const [result] = yield* addMembers(acme, session.id, group.groupJid, { participants: ["+62 812-3456-7890"] })
      assert.deepStrictEqual(result, { jid: "6281234567890@s.whatsapp.net", status: "added" })
    }).pipe(Effect.provide(World)))

  it.effect("removing is idempotent", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const member = user()
      const { group } = yield* createGroup(acme, session.id, { name: "Team", participants: [member] })
      assert.deepStrictEqual(yield* removeMember(acme, session.id, group.groupJid, member), { jid: member, status: "removed" })
      assert.deepStrictEqual(yield* removeMember(acme, session.id, group.groupJid, member), { jid: member, status: "not_member" })
      assert.notProperty(roles(yield* listMembers(acme, session.id, group.groupJid)), member)
    }).pipe(Effect.provide(World)))

  it.effect("promote and demote change roles, demote is idempotent", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const member = user()
      const { group } = yield* createGroup(acme, session.id, { name: "Team", participants: [member] })
      assert.deepStrictEqual(yield* promoteAdmins(acme, session.id, group.groupJid, { participants: [member] }), [
        { jid: member, status: "promoted" }
      ])
      assert.strictEqual(roles(yield* listMembers(acme, session.id, group.groupJid))[member], "admin")
      yield* demoteAdmin(acme, session.id, group.groupJid, member)
      yield* demoteAdmin(acme, session.id, group.groupJid, member)
      assert.strictEqual(roles(yield* listMembers(acme, session.id, group.groupJid))[member], "member")
    }).pipe(Effect.provide(World)))

  it.effect("a session that is not an admin is forbidden to add or remove, before any WhatsApp call", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const other = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Team", participants: [other.phoneJid] })
      yield* synced(acme, other.id, group.groupJid)
      yield* resetCalls
      const add = yield* Effect.flip(addMembers(acme, other.id, group.groupJid, { participants: [user()] }))
      const remove = yield* Effect.flip(removeMember(acme, other.id, group.groupJid, owner.phoneJid))
      const promote = yield* Effect.flip(promoteAdmins(acme, other.id, group.groupJid, { participants: [other.phoneJid] }))
      assert.deepStrictEqual([add._tag, remove._tag, promote._tag], ["NotGroupAdmin", "NotGroupAdmin", "NotGroupAdmin"])
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("listing members is served from the store with no WhatsApp call, a page at a time", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const participants = [user(), user(), user(), user()]
      const { group } = yield* createGroup(acme, session.id, { name: "Big", participants })
      yield* resetCalls
      const first = yield* listMembers(acme, session.id, group.groupJid, { limit: 3 })
      const second = yield* listMembers(acme, session.id, group.groupJid, { limit: 3, cursor: first.nextCursor })
      assert.strictEqual(first.items.length, 3)
      assert.strictEqual(second.items.length, 2)
      assert.strictEqual(second.nextCursor, "")
      const listed = [...first.items, ...second.items]
      assert.deepStrictEqual(listed.map((m) => m.jid), listed.map((m) => m.jid).sort(), "in jid order (LIDs: the group is LID-addressed)")
      assert.deepStrictEqual(listed.map((m) => String(m.phoneJid)).sort(), [...participants, String(session.phoneJid)].sort())
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))
})
