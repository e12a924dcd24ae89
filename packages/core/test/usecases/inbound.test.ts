import { assert, describe, it } from "@effect/vitest"
import {
  addMembers,
  applyInboundChange,
  createGroup,
  getGroup,
  getInvite,
  InboundChange,
  joinGroup,
  leaveGroup,
  WhatsAppPort
} from "@wagate/core"
import { Effect } from "effect"
import { acme, newSession, synced, user, World } from "../support/world.ts"

describe("inbound changes", () => {
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
