import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  allPages,
  api,
  disconnect,
  eventually,
  expectError,
  expectJson,
  expectList,
  groupPath,
  newGroup,
  newSession,
  ownerAndMember,
  unknownGroup
} from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, tokens } from "../support/gateway.ts"

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** The phone JIDs of the stored members (the simulator's groups list members by LID, with the phone JID twin). */
const memberJids = (session: string, gid: string) =>
  Effect.map(raw("GET", groupPath(session, gid, "/members?limit=1000")), (response) =>
    expectList(response).items.map((m) => (m as { phoneJid: string }).phoneJid))

describe("invites and join requests", () => {
  layer(TestGateway())((it) => {
    it.effect("GET /groups/{gid}/invite answers {code, link}; the code is stable until revoked", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("invite")
        const gid = yield* newGroup(id)
        const invite = expectJson(yield* raw("GET", groupPath(id, gid, "/invite")), 200) as { code: string; link: string }
        assert.deepStrictEqual(Object.keys(invite).sort(), ["code", "link"])
        assert.match(invite.code, /^[A-Za-z0-9_-]{6,64}$/)
        assert.strictEqual(invite.link, `https://chat.whatsapp.com/${invite.code}`)

        const client = yield* clientFor(tokens.acme)
        const again = yield* client.members.invite({ params: { session: id, gid } })
        assert.strictEqual(again.code, invite.code)
        const encoded = expectJson(yield* raw("GET", groupPath(id, gid, "/invite", true)), 200)
        assert.deepStrictEqual(encoded, invite)
        yield* expectError(yield* raw("GET", groupPath(id, unknownGroup, "/invite")), 404, "not_found")
      }))

    it.effect("POST /groups/{gid}/invite:revoke answers a new {code, link}; the old link stops working", () =>
      Effect.gen(function*() {
        const owner = yield* newSession("revoke-owner")
        const joiner = yield* newSession("revoke-joiner")
        const gid = yield* newGroup(owner.id)
        const client = yield* clientFor(tokens.acme)
        const old = yield* client.members.invite({ params: { session: owner.id, gid } })

        const fresh = expectJson(yield* raw("POST", groupPath(owner.id, gid, "/invite:revoke")), 200) as { code: string; link: string }
        assert.notStrictEqual(fresh.code, old.code)
        assert.strictEqual(fresh.link, `https://chat.whatsapp.com/${fresh.code}`)
        assert.strictEqual((yield* client.members.invite({ params: { session: owner.id, gid } })).code, fresh.code)

        yield* expectError(yield* raw("GET", api(`/sessions/${joiner.id}/invites/${old.code}`)), 404, "not_found")
        yield* expectError(
          yield* raw("POST", api(`/sessions/${joiner.id}/groups:join`), { json: { invite: old.link } }),
          400,
          "validation_error",
          ["invite"]
        )
        const joined = expectJson(yield* raw("POST", api(`/sessions/${joiner.id}/groups:join`), { json: { invite: fresh.link } }), 200)
        assert.strictEqual((joined as { groupJid: string }).groupJid, gid)

        const typed = yield* client.members.revokeInvite({ params: { session: owner.id, gid } })
        assert.notStrictEqual(typed.code, fresh.code)
        const viaEncoded = expectJson(yield* raw("POST", groupPath(owner.id, gid, "/invite:revoke", true)), 200)
        assert.notStrictEqual((viaEncoded as { code: string }).code, typed.code)
      }))

    it.effect("two sessions: A creates, B joins by the full link; B's group reads at once, A's members come to hold B", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const a = yield* newSession("flow-a")
        const b = yield* newSession("flow-b")
        const gid = yield* newGroup(a.id)
        const { link } = yield* client.members.invite({ params: { session: a.id, gid } })

        const joined = expectJson(yield* raw("POST", api(`/sessions/${b.id}/groups:join`), { json: { invite: link } }), 200)
        assert.strictEqual((joined as { groupJid: string }).groupJid, gid)

        const seenByB = yield* client.groups.get({ params: { session: b.id, gid } })
        assert.strictEqual(seenByB.groupJid, gid)
        assert.strictEqual(seenByB.ownerJid, a.phoneJid)
        assert.isFalse(seenByB.left)
        assert.include(yield* memberJids(b.id, gid), b.phoneJid)

        // A learns of the join from WhatsApp, through the inbound sync
        const seenByA = yield* eventually(memberJids(a.id, gid), (jids) => jids.includes(b.phoneJid))
        assert.include(seenByA, b.phoneJid)
        const roles = yield* client.members.list({ params: { session: a.id, gid }, query: {} })
        assert.strictEqual(roles.items.find((m) => m.phoneJid === b.phoneJid)?.role, "member")
        const group = yield* eventually(client.groups.get({ params: { session: a.id, gid } }), (g) => g.participants === 3)
        assert.strictEqual(group.participants, 3)
      }))

    it.effect("join approval: the join queues a request; GET /requests lists it; :approve lets the requester in", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const owner = yield* newSession("approval-owner")
        const first = yield* newSession("approval-first")
        const second = yield* newSession("approval-second")
        const gid = yield* newGroup(owner.id)
        yield* client.groups.update({ params: { session: owner.id, gid }, payload: { settings: { joinApproval: true } } })
        const { code } = yield* client.members.invite({ params: { session: owner.id, gid } })

        for (const joiner of [first, second]) {
          const pending = yield* client.groups.join({ params: { session: joiner.id }, payload: { invite: code } })
          assert.deepStrictEqual(pending, { groupJid: gid, pendingApproval: true })
          yield* expectError(yield* raw("GET", groupPath(joiner.id, gid)), 404, "not_found")
        }

        const requests = expectList(yield* raw("GET", groupPath(owner.id, gid, "/requests")))
        assert.strictEqual(requests.nextCursor, "")
        assert.sameMembers(requests.items.map((r) => (r as { jid: string }).jid), [first.phoneJid, second.phoneJid])
        for (const request of requests.items) {
          assert.deepStrictEqual(Object.keys(request as object).sort(), ["jid", "requestedAt"])
          assert.match((request as { requestedAt: string }).requestedAt, ISO)
        }
        const pages = yield* allPages(groupPath(owner.id, gid, "/requests"), 1)
        assert.deepStrictEqual(pages.flat(), requests.items)

        const approved = expectJson(
          yield* raw("POST", groupPath(owner.id, gid, "/requests:approve"), { json: { participants: [first.phoneJid, "6281200000077"] } }),
          200
        )
        assert.deepStrictEqual(approved, {
          items: [{ jid: first.phoneJid, status: "approved" }, { jid: "6281200000077@s.whatsapp.net", status: "failed" }]
        })
        assert.include(yield* memberJids(owner.id, gid), first.phoneJid)
        const firstSees = yield* eventually(raw("GET", groupPath(first.id, gid)), (r) => r.status === 200)
        assert.strictEqual(firstSees.status, 200, "the approved session learns the group from WhatsApp")

        const remaining = yield* client.members.requests({ params: { session: owner.id, gid }, query: {} })
        assert.deepStrictEqual(remaining.items.map((r) => r.jid), [second.phoneJid])
      }))

    it.effect("POST /requests:reject turns requests down: 200 {items} with rejected, the requester stays out", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const owner = yield* newSession("reject-owner")
        const joiner = yield* newSession("reject-joiner")
        const gid = yield* newGroup(owner.id)
        yield* client.groups.update({ params: { session: owner.id, gid }, payload: { settings: { joinApproval: true } } })
        const { code } = yield* client.members.invite({ params: { session: owner.id, gid } })
        yield* client.groups.join({ params: { session: joiner.id }, payload: { invite: code } })

        const rejected = yield* client.members.rejectRequests({
          params: { session: owner.id, gid },
          payload: { participants: [joiner.phoneJid] }
        })
        assert.deepStrictEqual(rejected, { items: [{ jid: joiner.phoneJid, status: "rejected" }] })
        const again = expectJson(
          yield* raw("POST", groupPath(owner.id, gid, "/requests:reject", true), { json: { participants: [joiner.phoneJid] } }),
          200
        )
        assert.deepStrictEqual(again, { items: [{ jid: joiner.phoneJid, status: "failed" }] })
        assert.notInclude(yield* memberJids(owner.id, gid), joiner.phoneJid)
        assert.deepStrictEqual(expectList(yield* raw("GET", groupPath(owner.id, gid, "/requests"))).items, [])
      }))

    it.effect("invites and requests need an admin: a plain member gets 403 forbidden on each", () =>
      Effect.gen(function*() {
        const { member, gid } = yield* ownerAndMember("requests-member")
        const body = { json: { participants: ["6281200000001"] } }
        for (
          const response of [
            yield* raw("GET", groupPath(member.id, gid, "/invite")),
            yield* raw("POST", groupPath(member.id, gid, "/invite:revoke")),
            yield* raw("GET", groupPath(member.id, gid, "/requests")),
            yield* raw("POST", groupPath(member.id, gid, "/requests:approve"), body),
            yield* raw("POST", groupPath(member.id, gid, "/requests:reject"), body)
          ]
        ) {
          const error = yield* expectError(response, 403, "forbidden")
          assert.strictEqual(error.details?.["reason"], "not_admin")
        }
      }))

    it.effect("invites and requests on a disconnected session are 501; an unknown group is 404; a malformed one 400", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("requests-offline")
        const gid = yield* newGroup(id)
        const body = { json: { participants: ["6281200000001"] } }
        for (
          const response of [
            yield* raw("GET", groupPath(id, unknownGroup, "/requests")),
            yield* raw("POST", groupPath(id, unknownGroup, "/requests:approve"), body),
            yield* raw("POST", groupPath(id, unknownGroup, "/invite:revoke"))
          ]
        ) {
          yield* expectError(response, 404, "not_found")
        }
        yield* expectError(yield* raw("GET", groupPath(id, "x@g.us", "/requests")), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("POST", groupPath(id, "x@g.us", "/requests:reject"), body), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("GET", groupPath(id, gid, "/requests?limit=0")), 400, "validation_error", ["limit"])

        yield* disconnect(id)
        for (
          const response of [
            yield* raw("GET", groupPath(id, gid, "/invite")),
            yield* raw("POST", groupPath(id, gid, "/invite:revoke")),
            yield* raw("GET", groupPath(id, gid, "/requests")),
            yield* raw("POST", groupPath(id, gid, "/requests:approve"), body),
            yield* raw("POST", groupPath(id, gid, "/requests:reject"), body)
          ]
        ) {
          yield* expectError(response, 501, "not_implemented")
        }
      }))

    it.effect("join-request bodies are validated: empty participants, malformed JID → 400 naming participants", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("requests-bad")
        const gid = yield* newGroup(id)
        for (const action of [":approve", ":reject"]) {
          const post = (json: unknown) => raw("POST", groupPath(id, gid, `/requests${action}`), { json })
          yield* expectError(yield* post({ participants: [] }), 400, "validation_error", ["participants"])
          yield* expectError(yield* post({ participants: ["x"] }), 400, "validation_error", ["participants"])
        }
      }))
  })
})
