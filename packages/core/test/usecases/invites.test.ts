import { assert, describe, it } from "@effect/vitest"
import {
  createGroup,
  getGroup,
  getInvite,
  joinGroup,
  listMembers,
  previewInvite,
  revokeInvite,
  updateGroup
} from "@wagate/core"
import { Effect } from "effect"
import { acme, eventually, newSession, synced, user, World } from "../support/world.ts"

describe("invites and joining", () => {
  it.effect("join by bare code and by full link return the same JID; joining twice returns it too", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [user()] })
      const invite = yield* getInvite(acme, owner.id, group.groupJid)
      assert.strictEqual(invite.link, `https://chat.whatsapp.com/${invite.code}`)

      const byCode = yield* newSession()
      const byLink = yield* newSession()
      const first = yield* joinGroup(acme, byCode.id, { invite: invite.code })
      const second = yield* joinGroup(acme, byLink.id, { invite: `${invite.link}/?utm=x` })
      assert.strictEqual(first.groupJid, group.groupJid)
      assert.strictEqual(second.groupJid, group.groupJid)
      assert.isFalse(first.pendingApproval)
      const again = yield* joinGroup(acme, byCode.id, { invite: invite.link })
      assert.strictEqual(again.groupJid, group.groupJid)
    }).pipe(Effect.provide(World)))

  it.effect("a joined group is stored for the joiner at once, and the owner's stored members follow", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [user()] })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const joiner = yield* newSession()
      yield* joinGroup(acme, joiner.id, { invite: code })

      const joined = yield* getGroup(acme, joiner.id, group.groupJid)
      assert.strictEqual(joined.subject, "Club")
      assert.strictEqual(joined.participants, 3)

      const ownerView = yield* eventually(
        listMembers(acme, owner.id, group.groupJid),
        (page) => page.items.some((m) => m.phoneJid === joiner.phoneJid)
      )
      assert.isTrue(ownerView.items.some((m) => m.phoneJid === joiner.phoneJid && m.role === "member"))
      assert.strictEqual((yield* getGroup(acme, owner.id, group.groupJid)).participants, 3)
    }).pipe(Effect.provide(World)))

  it.effect("changes one session makes reach the other sessions' stored views", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const member = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Before", participants: [member.phoneJid] })
      yield* synced(acme, member.id, group.groupJid)
      yield* updateGroup(acme, owner.id, group.groupJid, { subject: "After", settings: { isAnnounce: true } })
      const seen = yield* synced(acme, member.id, group.groupJid, (g) => g.subject === "After")
      assert.isTrue(seen.isAnnounce)
    }).pipe(Effect.provide(World)))

  it.effect("a revoked code stops working and a new one is returned", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [user()] })
      const old = yield* getInvite(acme, owner.id, group.groupJid)
      const fresh = yield* revokeInvite(acme, owner.id, group.groupJid)
      assert.notStrictEqual(fresh.code, old.code)
      const joiner = yield* newSession()
      const refused = yield* Effect.flip(joinGroup(acme, joiner.id, { invite: old.link }))
      assert.strictEqual(refused._tag, "ValidationError")
      assert.property(refused._tag === "ValidationError" ? refused.details : {}, "invite")
      assert.strictEqual((yield* joinGroup(acme, joiner.id, { invite: fresh.code })).groupJid, group.groupJid)
    }).pipe(Effect.provide(World)))

  it.effect("an unparseable invite is a validation error before any WhatsApp call", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      for (const invite of ["", "https://example.com/x", 42]) {
        const error = yield* Effect.flip(joinGroup(acme, session.id, { invite }))
        assert.strictEqual(error._tag, "ValidationError")
      }
      assert.strictEqual((yield* Effect.flip(joinGroup(acme, session.id, {})))._tag, "ValidationError")
    }).pipe(Effect.provide(World)))

  it.effect("a preview describes the group without joining; an unknown code is not found", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Club", participants: [user()], description: "hi" })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const viewer = yield* newSession()
      const preview = yield* previewInvite(acme, viewer.id, code)
      assert.deepStrictEqual(preview, { groupJid: group.groupJid, subject: "Club", description: "hi", size: 2 })
      assert.strictEqual((yield* Effect.flip(getGroup(acme, viewer.id, group.groupJid)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(previewInvite(acme, viewer.id, "ZZZZZZZZZZZZZZZZZZZZZZ")))._tag, "NotFound")
    }).pipe(Effect.provide(World)))
})
