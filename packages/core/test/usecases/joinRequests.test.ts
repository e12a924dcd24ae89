import { assert, describe, it } from "@effect/vitest"
import {
  approveJoinRequests,
  createGroup,
  EventStore,
  getGroup,
  getInvite,
  joinGroup,
  listJoinRequests,
  listMembers,
  rejectJoinRequests
} from "@wagate/core"
import { Effect } from "effect"
import { acme, eventually, newSession, user, World } from "../support/world.ts"

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

  it.effect("a request reaches the admin sessions as group.join_request events through the inbound sync", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "Asked", participants: [user()], settings: { joinApproval: true } })
      const { code } = yield* getInvite(acme, owner.id, group.groupJid)
      const alice = yield* newSession()
      const aliceLid = alice.lid
      if (aliceLid === null) return assert.fail("the simulator gives every account a LID")
      yield* joinGroup(acme, alice.id, { invite: code })

      const events = yield* EventStore
      const requestEvents = Effect.map(
        events.history(acme.orgId, { after: null, limit: 10_000, types: ["group.join_request"] }),
        (stored) =>
          stored.flatMap((e) =>
            e.type === "group.join_request" && e.data.groupJid === group.groupJid ? [{ sessionId: e.sessionId, ...e.data }] : []
          )
      )
      const told = yield* eventually(requestEvents, (events) => events.length > 0)
      assert.deepStrictEqual(told, [
        { sessionId: owner.id, groupJid: group.groupJid, jid: aliceLid, action: "created" }
      ], "the owner's session records the request, named by the group's address; the requester's records none")
    }).pipe(Effect.provide(World)))
})
