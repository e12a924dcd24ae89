import { assert, describe, layer } from "@effect/vitest"
import { GroupJid, NotFound } from "@wagate/core"
import { Effect } from "effect"
import {
  allPages,
  api,
  disconnect,
  eventually,
  expectError,
  expectJson,
  expectList,
  expectNoContent,
  groupPath,
  newGroup,
  newSession,
  unknownGroup,
  user
} from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, tokens } from "../support/gateway.ts"

interface CommunityRow {
  readonly communityJid: string
  readonly subject: string
  readonly announcementGroupJid: string | null
  readonly groups: ReadonlyArray<string>
}

const communitiesOf = (session: string) =>
  Effect.map(raw("GET", api(`/sessions/${session}/communities?limit=1000`)), (response) =>
    expectList(response).items.map((c) => c as CommunityRow))

const communityPath = (session: string, cid: string, rest = "", encode = false) =>
  api(`/sessions/${session}/communities/${encode ? encodeURIComponent(cid) : cid}${rest}`)

describe("communities", () => {
  layer(TestGateway())((it) => {
    it.effect("POST /communities is 201 {communityJid, announcementGroupJid}; GET /communities lists it (stored)", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("create")
        const created = expectJson(
          yield* raw("POST", api(`/sessions/${id}/communities`), { json: { name: "Neighbours", description: "Street" } }),
          201
        ) as { communityJid: string; announcementGroupJid: string }
        assert.deepStrictEqual(Object.keys(created).sort(), ["announcementGroupJid", "communityJid"])
        assert.match(created.communityJid, /@g\.us$/)
        assert.match(created.announcementGroupJid, /@g\.us$/)
        assert.notStrictEqual(created.communityJid, created.announcementGroupJid)

        const listed = expectList(yield* raw("GET", api(`/sessions/${id}/communities`)))
        assert.strictEqual(listed.nextCursor, "")
        assert.deepStrictEqual(listed.items, [{
          communityJid: created.communityJid,
          subject: "Neighbours",
          announcementGroupJid: created.announcementGroupJid,
          groups: []
        }])

        const client = yield* clientFor(tokens.acme)
        const [typed, response] = yield* client.communities.create({
          params: { session: id },
          payload: { name: "With members", participants: [user("6281200000001"), user("9990000000001")] },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 201)
        const announcement = yield* client.members.list({ params: { session: id, gid: typed.announcementGroupJid }, query: {} })
        assert.include(announcement.items.map((m) => m.phoneJid), user("6281200000001"), "members join the announcement group too")

        const pages = yield* allPages(api(`/sessions/${id}/communities`), 1)
        assert.deepStrictEqual(pages.map((p) => p.length), [1, 1])
      }))

    it.effect("POST /communities/{cid}/groups links (204, empty); DELETE /communities/{cid}/groups/{gid} unlinks (204)", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("link")
        const client = yield* clientFor(tokens.acme)
        const { communityJid } = yield* client.communities.create({ params: { session: id }, payload: { name: "C" } })
        const gid = yield* newGroup(id)

        expectNoContent(yield* raw("POST", communityPath(id, communityJid, "/groups"), { json: { groupJid: gid } }))
        assert.deepStrictEqual((yield* communitiesOf(id)).find((c) => c.communityJid === communityJid)?.groups, [gid])
        // linking again is a no-op
        expectNoContent(yield* raw("POST", communityPath(id, communityJid, "/groups", true), { json: { groupJid: gid } }))

        expectNoContent(yield* raw("DELETE", communityPath(id, communityJid, `/groups/${encodeURIComponent(gid)}`, true)))
        assert.deepStrictEqual((yield* communitiesOf(id)).find((c) => c.communityJid === communityJid)?.groups, [])
        expectNoContent(yield* raw("DELETE", communityPath(id, communityJid, `/groups/${gid}`)))

        const [, linked] = yield* client.communities.link({
          params: { session: id, cid: communityJid },
          payload: { groupJid: GroupJid.make(gid) },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(linked.status, 204)
        const [, unlinked] = yield* client.communities.unlink({
          params: { session: id, cid: communityJid, gid },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(unlinked.status, 204)

        yield* expectError(yield* raw("POST", communityPath(id, unknownGroup, "/groups"), { json: { groupJid: gid } }), 404, "not_found")
        yield* expectError(
          yield* raw("POST", communityPath(id, communityJid, "/groups"), { json: { groupJid: unknownGroup } }),
          404,
          "not_found"
        )
        yield* expectError(yield* raw("DELETE", communityPath(id, "bad", `/groups/${gid}`)), 400, "validation_error", ["communityJid"])
        yield* expectError(yield* raw("DELETE", communityPath(id, communityJid, "/groups/bad")), 400, "validation_error", ["groupJid"])
      }))

    it.effect("a plain group addressed as the community is 404 not_found (community), not a WhatsApp error", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("not-community")
        const plain = yield* newGroup(id)
        const gid = yield* newGroup(id)
        for (
          const response of [
            yield* raw("POST", communityPath(id, plain, "/groups"), { json: { groupJid: gid } }),
            yield* raw("DELETE", communityPath(id, plain, `/groups/${gid}`))
          ]
        ) {
          const error = yield* expectError(response, 404, "not_found")
          assert.deepStrictEqual(error.details, { resource: "community", id: plain })
        }
        const client = yield* clientFor(tokens.acme)
        const typed = yield* Effect.flip(client.communities.link({ params: { session: id, cid: plain }, payload: { groupJid: gid } }))
        assert.deepStrictEqual(typed, new NotFound({ resource: "community", id: plain }))
        const stored = yield* client.groups.get({ params: { session: id, gid } })
        assert.strictEqual(stored.groupJid, gid)
        assert.deepStrictEqual(yield* communitiesOf(id), [], "nothing was linked")
      }))

    it.effect("POST /communities/{cid}/members: 204, or 200 {items} with Prefer: return=representation", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("members")
        const client = yield* clientFor(tokens.acme)
        const { communityJid, announcementGroupJid } = yield* client.communities.create({ params: { session: id }, payload: { name: "C" } })

        expectNoContent(yield* raw("POST", communityPath(id, communityJid, "/members"), { json: { participants: ["6281200000001"] } }))
        const results = expectJson(
          yield* raw("POST", communityPath(id, communityJid, "/members", true), {
            json: { participants: ["6281200000002", "6281200000001", "9990000000001", "0000000000001"] },
            headers: { prefer: "return=representation" }
          }),
          200
        )
        assert.deepStrictEqual(results, {
          items: [
            { jid: "6281200000002@s.whatsapp.net", status: "added" },
            { jid: "6281200000001@s.whatsapp.net", status: "already_member" },
            { jid: "9990000000001@s.whatsapp.net", status: "invite_sent" },
            { jid: "0000000000001@s.whatsapp.net", status: "not_on_whatsapp" }
          ]
        })
        const typed = yield* client.communities.addMembers({
          params: { session: id, cid: communityJid },
          headers: { prefer: "return=representation" },
          payload: { participants: [user("6281200000003")] }
        })
        assert.deepStrictEqual(typed, { items: [{ jid: user("6281200000003"), status: "added" }] })

        const announcement = yield* client.members.list({ params: { session: id, gid: announcementGroupJid }, query: {} })
        for (const jid of ["6281200000001", "6281200000002", "6281200000003"]) {
          assert.include(announcement.items.map((m) => m.phoneJid), user(jid))
        }
        yield* expectError(
          yield* raw("POST", communityPath(id, unknownGroup, "/members"), { json: { participants: ["6281200000001"] } }),
          404,
          "not_found"
        )
      }))

    it.effect("community actions from a session that is a plain member are 403 forbidden", () =>
      Effect.gen(function*() {
        const owner = yield* newSession("c-owner")
        const member = yield* newSession("c-member")
        const client = yield* clientFor(tokens.acme)
        const { communityJid } = yield* client.communities.create({
          params: { session: owner.id },
          payload: { name: "C", participants: [member.phoneJid] }
        })
        // the member's session learns of the community from WhatsApp (inbound sync)
        const seen = yield* eventually(communitiesOf(member.id), (cs) => cs.some((c) => c.communityJid === communityJid))
        assert.isTrue(seen.some((c) => c.communityJid === communityJid))
        const ownGroup = yield* newGroup(member.id)

        for (
          const response of [
            yield* raw("POST", communityPath(member.id, communityJid, "/groups"), { json: { groupJid: ownGroup } }),
            yield* raw("DELETE", communityPath(member.id, communityJid, `/groups/${ownGroup}`)),
            yield* raw("POST", communityPath(member.id, communityJid, "/members"), { json: { participants: ["6281200000001"] } })
          ]
        ) {
          const error = yield* expectError(response, 403, "forbidden")
          assert.deepStrictEqual(error.details, { groupJid: communityJid, reason: "not_admin" })
        }
      }))

    it.effect("community actions on a disconnected session are 501; the stored list still reads", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("c-offline")
        const client = yield* clientFor(tokens.acme)
        const { communityJid } = yield* client.communities.create({ params: { session: id }, payload: { name: "C" } })
        const gid = yield* newGroup(id)
        yield* disconnect(id)
        for (
          const response of [
            yield* raw("POST", api(`/sessions/${id}/communities`), { json: { name: "Later" } }),
            yield* raw("POST", communityPath(id, communityJid, "/groups"), { json: { groupJid: gid } }),
            yield* raw("DELETE", communityPath(id, communityJid, `/groups/${gid}`)),
            yield* raw("POST", communityPath(id, communityJid, "/members"), { json: { participants: ["6281200000001"] } })
          ]
        ) {
          yield* expectError(response, 501, "not_implemented")
        }
        assert.strictEqual((yield* communitiesOf(id)).length, 1)
        expectJson(yield* raw("GET", groupPath(id, gid)), 200)
        yield* expectError(yield* raw("GET", api("/sessions/never-created/communities")), 404, "not_found")
      }))

    it.effect("community bodies are validated: empty name, malformed group JID, empty participants → 400", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("c-bad")
        const client = yield* clientFor(tokens.acme)
        const { communityJid } = yield* client.communities.create({ params: { session: id }, payload: { name: "C" } })
        yield* expectError(yield* raw("POST", api(`/sessions/${id}/communities`), { json: { name: "" } }), 400, "validation_error", ["name"])
        yield* expectError(
          yield* raw("POST", api(`/sessions/${id}/communities`), { json: { name: "C", participants: ["nope"] } }),
          400,
          "validation_error",
          ["participants"]
        )
        yield* expectError(
          yield* raw("POST", communityPath(id, communityJid, "/groups"), { json: { groupJid: "12@s.whatsapp.net" } }),
          400,
          "validation_error",
          ["groupJid"]
        )
        yield* expectError(
          yield* raw("POST", communityPath(id, communityJid, "/members"), { json: { participants: [] } }),
          400,
          "validation_error",
          ["participants"]
        )
      }))
  })
})
