import { assert, describe, it } from "@effect/vitest"
import {
  approveJoinRequests,
  createGroup,
  getGroup,
  getInvite,
  joinGroup,
  listJoinRequests,
  listMembers,
  rejectJoinRequests
} from "@wagate/core"
import { Effect } from "effect"
import { acme, newSession, user, World } from "../support/world.ts"

describe("join requests", () => {
  it.effect("with join approval, joining queues a request that an admin approves or rejects", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, {
        name: "Gated",
        participants: [user()],
        settings: { joinApproval: true }
      })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const alice = yield* newSession()
      const bob = yield* newSession()
      const pending = yield* joinGroup(acme, alice.id, { invite: code })
      assert.deepStrictEqual(pending, { groupJid: group.groupJid, pendingApproval: true })
      yield* joinGroup(acme, bob.id, { invite: code })
      assert.strictEqual((yield* Effect.flip(getGroup(acme, alice.id, group.groupJid)))._tag, "NotFound", "not a member yet")

      const requests = yield* listJoinRequests(acme, owner.id, group.groupJid)
      assert.sameMembers(requests.items.map((r) => r.jid), [alice.phoneJid, bob.phoneJid])

      const approved = yield* approveJoinRequests(acme, owner.id, group.groupJid, { participants: [alice.phoneJid] })
      assert.deepStrictEqual(approved, [{ jid: alice.phoneJid, status: "approved" }])
      const rejected = yield* rejectJoinRequests(acme, owner.id, group.groupJid, { participants: [bob.phoneJid, user()] })
      assert.deepStrictEqual(rejected.map((r) => r.status), ["rejected", "failed"])

      const members = (yield* listMembers(acme, owner.id, group.groupJid)).items
      const stored = members.find((m) => m.phoneJid === alice.phoneJid)
      assert.deepStrictEqual(
        [stored?.jid, stored?.phoneJid, stored?.lid, stored?.role],
        [alice.lid, alice.phoneJid, alice.lid, "member"],
        "stored at once by the group's address (its LID) with both twins"
      )
      assert.notInclude(members.map((m) => m.phoneJid), bob.phoneJid)
      assert.deepStrictEqual((yield* listJoinRequests(acme, owner.id, group.groupJid)).items, [])
    }).pipe(Effect.provide(World)))
})
