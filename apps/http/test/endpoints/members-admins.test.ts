import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  allPages,
  disconnect,
  expectError,
  expectJson,
  expectList,
  expectNoContent,
  groupPath,
  newGroup,
  newSession,
  ownerAndMember,
  unknownGroup,
  user
} from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, tokens } from "../support/gateway.ts"

const representation = { prefer: "return=representation" }

/** The stored members of a group as `phone JID → role` (the simulator's groups list members by LID). */
const rolesOf = (session: string, gid: string) =>
  Effect.map(raw("GET", groupPath(session, gid, "/members?limit=1000")), (response) =>
    Object.fromEntries(expectList(response).items.map((m) => {
      const member = m as { phoneJid: string; role: string }
      return [member.phoneJid, member.role]
    })))

describe("members and admins", () => {
  layer(TestGateway())((it) => {
    it.effect("GET /groups/{gid}/members is a List of {jid, phoneJid, lid, role} that pages; the creator is superadmin", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("list")
        const gid = yield* newGroup(id, [user("6281200000001"), user("6281200000002"), user("6281200000003")])
        const whole = expectList(yield* raw("GET", groupPath(id, gid, "/members", true)))
        assert.strictEqual(whole.nextCursor, "")
        for (const member of whole.items) assert.deepStrictEqual(Object.keys(member as object).sort(), ["jid", "lid", "phoneJid", "role"])
        assert.deepStrictEqual(yield* rolesOf(id, gid), {
          [phoneJid]: "superadmin",
          "6281200000001@s.whatsapp.net": "member",
          "6281200000002@s.whatsapp.net": "member",
          "6281200000003@s.whatsapp.net": "member"
        })
        const pages = yield* allPages(groupPath(id, gid, "/members"), 3)
        assert.deepStrictEqual(pages.map((p) => p.length), [3, 1])
        assert.deepStrictEqual(pages.flat(), whole.items)

        const client = yield* clientFor(tokens.acme)
        const typed = yield* client.members.list({ params: { session: id, gid }, query: { limit: 2 } })
        assert.strictEqual(typed.items.length, 2)
        assert.notStrictEqual(typed.nextCursor, "")

        yield* expectError(yield* raw("GET", groupPath(id, unknownGroup, "/members")), 404, "not_found")
        yield* expectError(yield* raw("GET", groupPath(id, "nope", "/members")), 400, "validation_error", ["groupJid"])
      }))

    it.effect("POST /groups/{gid}/members is 204 with an empty body, or 200 {items} with Prefer: return=representation", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("add")
        const gid = yield* newGroup(id, [user("6281200000001")])
        expectNoContent(yield* raw("POST", groupPath(id, gid, "/members"), { json: { participants: ["6281200000002"] } }))

        const results = expectJson(
          yield* raw("POST", groupPath(id, gid, "/members", true), {
            json: {
              participants: [
                "6281200000003@s.whatsapp.net",
                "+62 812-0000-0001",
                "9990000000001@s.whatsapp.net",
                "0000000000001@s.whatsapp.net"
              ]
            },
            headers: representation
          }),
          200
        )
        assert.deepStrictEqual(results, {
          items: [
            { jid: "6281200000003@s.whatsapp.net", status: "added" },
            { jid: "6281200000001@s.whatsapp.net", status: "already_member" },
            { jid: "9990000000001@s.whatsapp.net", status: "invite_sent" },
            { jid: "0000000000001@s.whatsapp.net", status: "not_on_whatsapp" }
          ]
        })
        const roles = yield* rolesOf(id, gid)
        assert.strictEqual(roles["6281200000002@s.whatsapp.net"], "member")
        assert.strictEqual(roles["6281200000003@s.whatsapp.net"], "member")
        assert.notProperty(roles, "9990000000001@s.whatsapp.net")
        assert.notProperty(roles, "0000000000001@s.whatsapp.net")

        // Prefer is a list of preferences; return=minimal (or none) keeps the 204
        expectJson(
          yield* raw("POST", groupPath(id, gid, "/members"), {
            json: { participants: ["6281200000004"] },
            headers: { prefer: "respond-async, return=representation" }
          }),
          200
        )
        expectNoContent(
          yield* raw("POST", groupPath(id, gid, "/members"), {
            json: { participants: ["6281200000005"] },
            headers: { prefer: "return=minimal" }
          })
        )

        const client = yield* clientFor(tokens.acme)
        const typed = yield* client.members.add({
          params: { session: id, gid },
          headers: representation,
          payload: { participants: [user("6281200000006")] }
        })
        assert.deepStrictEqual(typed, { items: [{ jid: user("6281200000006"), status: "added" }] })
        const [none, response] = yield* client.members.add({
          params: { session: id, gid },
          headers: {},
          payload: { participants: [user("6281200000007")] },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 204)
        assert.isUndefined(none)
      }))

    it.effect("member and admin bodies are validated: empty participants, malformed JID → 400 naming participants", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("add-bad")
        const gid = yield* newGroup(id)
        const post = (json: unknown) => raw("POST", groupPath(id, gid, "/members"), { json })
        yield* expectError(yield* post({ participants: [] }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({ participants: ["abc"] }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({ participants: "6281200000001" }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({}), 400, "validation_error", ["participants"])
        const admins = (json: unknown) => raw("POST", groupPath(id, gid, "/admins"), { json })
        yield* expectError(yield* admins({ participants: [] }), 400, "validation_error", ["participants"])
        yield* expectError(yield* admins({ participants: ["6281200000001@g.us"] }), 400, "validation_error", ["participants"])
      }))

    it.effect("member paths validate the group and member JIDs (400) and need a stored group (404)", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("paths")
        const gid = yield* newGroup(id)
        const body = { json: { participants: ["6281200000001"] } }
        yield* expectError(yield* raw("POST", groupPath(id, "bad", "/members"), body), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("POST", groupPath(id, "bad", "/admins"), body), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("DELETE", groupPath(id, gid, "/members/not-a-jid")), 400, "validation_error", ["jid"])
        yield* expectError(yield* raw("DELETE", groupPath(id, gid, "/admins/12@s.whatsapp.net")), 400, "validation_error", ["jid"])
        yield* expectError(yield* raw("POST", groupPath(id, unknownGroup, "/members"), body), 404, "not_found")
        yield* expectError(yield* raw("POST", groupPath(id, unknownGroup, "/admins"), body), 404, "not_found")
        yield* expectError(yield* raw("DELETE", groupPath(id, unknownGroup, "/members/6281200000001@s.whatsapp.net")), 404, "not_found")
        yield* expectError(yield* raw("DELETE", groupPath(id, unknownGroup, "/admins/6281200000001@s.whatsapp.net")), 404, "not_found")
      }))

    it.effect("DELETE /groups/{gid}/members/{jid} is 204 with an empty body and idempotent", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("remove")
        const gid = yield* newGroup(id, [user("6281200000001"), user("6281200000002"), user("6281200000003")])
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, "/members/6281200000001@s.whatsapp.net")))
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, "/members/6281200000001@s.whatsapp.net")))
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, `/members/${encodeURIComponent("6281200000002@s.whatsapp.net")}`, true)))
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, "/members/6281200000099@s.whatsapp.net")))

        const client = yield* clientFor(tokens.acme)
        const [, response] = yield* client.members.remove({
          params: { session: id, gid, jid: "6281200000003@s.whatsapp.net" },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 204)

        const roles = yield* rolesOf(id, gid)
        assert.deepStrictEqual(Object.values(roles), ["superadmin"])
      }))

    it.effect("DELETE of the group's creator is refused with 403 and changes nothing", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("remove-owner")
        const gid = yield* newGroup(id)
        const error = yield* expectError(yield* raw("DELETE", groupPath(id, gid, `/members/${phoneJid}`)), 403, "forbidden")
        assert.strictEqual(error.details?.["jid"], phoneJid)
        assert.strictEqual((yield* rolesOf(id, gid))[phoneJid], "superadmin")
      }))

    it.effect("POST /groups/{gid}/admins promotes (204, or 200 with Prefer); DELETE /admins/{jid} demotes (204, idempotent)", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("admins")
        const gid = yield* newGroup(id, [user("6281200000001"), user("6281200000002")])
        expectNoContent(yield* raw("POST", groupPath(id, gid, "/admins"), { json: { participants: ["6281200000001"] } }))
        const results = expectJson(
          yield* raw("POST", groupPath(id, gid, "/admins", true), {
            json: { participants: ["6281200000002@s.whatsapp.net", "6281200000099@s.whatsapp.net"] },
            headers: representation
          }),
          200
        )
        assert.deepStrictEqual(results, {
          items: [
            { jid: "6281200000002@s.whatsapp.net", status: "promoted" },
            { jid: "6281200000099@s.whatsapp.net", status: "not_member" }
          ]
        })
        assert.deepStrictEqual(yield* rolesOf(id, gid), {
          [phoneJid]: "superadmin",
          "6281200000001@s.whatsapp.net": "admin",
          "6281200000002@s.whatsapp.net": "admin"
        })

        expectNoContent(yield* raw("DELETE", groupPath(id, gid, "/admins/6281200000001@s.whatsapp.net")))
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, "/admins/6281200000001@s.whatsapp.net")))
        const client = yield* clientFor(tokens.acme)
        const [, response] = yield* client.members.demote({
          params: { session: id, gid, jid: "6281200000002@s.whatsapp.net" },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 204)
        const typed = yield* client.members.promote({
          params: { session: id, gid },
          headers: representation,
          payload: { participants: [user("6281200000001")] }
        })
        assert.deepStrictEqual(typed, { items: [{ jid: user("6281200000001"), status: "promoted" }] })
        assert.deepStrictEqual(yield* rolesOf(id, gid), {
          [phoneJid]: "superadmin",
          "6281200000001@s.whatsapp.net": "admin",
          "6281200000002@s.whatsapp.net": "member"
        })

        yield* expectError(yield* raw("DELETE", groupPath(id, gid, `/admins/${phoneJid}`)), 403, "forbidden")
      }))

    it.effect("either twin finds a member: the group lists it by LID, paths and bodies may name it by phone JID or LID", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("twins")
        const phone = "6281200000001@s.whatsapp.net"
        const gid = yield* newGroup(id, [user("6281200000001")])
        const listed = expectList(yield* raw("GET", groupPath(id, gid, "/members"))).items as ReadonlyArray<
          { readonly jid: string; readonly phoneJid: string | null; readonly lid: string | null; readonly role: string }
        >
        const member = listed.find((m) => m.phoneJid === phone)
        assert.isDefined(member)
        const lid = member?.lid ?? ""
        assert.match(lid, /^[0-9]{15}@lid$/)
        assert.strictEqual(member?.jid, lid, "the simulator's groups are LID-addressed")

        const promoted = expectJson(
          yield* raw("POST", groupPath(id, gid, "/admins"), { json: { participants: [phone] }, headers: representation }),
          200
        )
        assert.deepStrictEqual(promoted, { items: [{ jid: phone, status: "promoted" }] }, "the result names the member as sent")
        assert.strictEqual((yield* rolesOf(id, gid))[phone], "admin")

        expectNoContent(yield* raw("DELETE", groupPath(id, gid, `/admins/${encodeURIComponent(lid)}`)))
        assert.strictEqual((yield* rolesOf(id, gid))[phone], "member", "demoted by its LID, %40-encoded")

        expectNoContent(yield* raw("DELETE", groupPath(id, gid, `/members/${phone}`)))
        assert.isUndefined((yield* rolesOf(id, gid))[phone], "removed by the phone JID of a member listed by LID")
        expectNoContent(yield* raw("DELETE", groupPath(id, gid, `/members/${lid}`))) // idempotent by the other twin too

        const added = expectJson(
          yield* raw("POST", groupPath(id, gid, "/members"), { json: { participants: [lid] }, headers: representation }),
          200
        )
        assert.deepStrictEqual(added, { items: [{ jid: lid, status: "added" }] })
        const back = expectList(yield* raw("GET", groupPath(id, gid, "/members"))).items
        assert.deepInclude(back, { jid: lid, phoneJid: phone, lid, role: "member" })
      }))

    it.effect("a malformed LID is 400 validation_error naming the field, in a path and in a body", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("bad-lid")
        const gid = yield* newGroup(id)
        yield* expectError(yield* raw("DELETE", groupPath(id, gid, "/members/12a@lid")), 400, "validation_error", ["jid"])
        yield* expectError(yield* raw("DELETE", groupPath(id, gid, `/admins/${"1".repeat(21)}@lid`)), 400, "validation_error", ["jid"])
        yield* expectError(
          yield* raw("POST", groupPath(id, gid, "/members"), { json: { participants: ["@lid"] } }),
          400,
          "validation_error",
          ["participants"]
        )
      }))

    it.effect("a session that is a plain member gets 403 forbidden for every member and admin change", () =>
      Effect.gen(function*() {
        const { member, owner, gid } = yield* ownerAndMember("not-admin")
        const body = { json: { participants: ["6281200000009"] } }
        const refusals = [
          yield* raw("POST", groupPath(member.id, gid, "/members"), body),
          yield* raw("POST", groupPath(member.id, gid, "/members"), { ...body, headers: representation }),
          yield* raw("DELETE", groupPath(member.id, gid, "/members/6281200000001@s.whatsapp.net")),
          yield* raw("POST", groupPath(member.id, gid, "/admins"), body),
          yield* raw("DELETE", groupPath(member.id, gid, `/admins/${owner.phoneJid}`))
        ]
        for (const response of refusals) {
          const error = yield* expectError(response, 403, "forbidden")
          assert.deepStrictEqual(error.details, { groupJid: gid, reason: "not_admin" })
        }
        assert.notProperty(yield* rolesOf(owner.id, gid), "6281200000009@s.whatsapp.net")
      }))

    it.effect("member and admin changes on a disconnected session are 501; on an unknown session 404", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("offline")
        const gid = yield* newGroup(id, [user("6281200000001")])
        yield* disconnect(id)
        const body = { json: { participants: ["6281200000002"] } }
        for (
          const response of [
            yield* raw("POST", groupPath(id, gid, "/members"), body),
            yield* raw("DELETE", groupPath(id, gid, "/members/6281200000001@s.whatsapp.net")),
            yield* raw("POST", groupPath(id, gid, "/admins"), body),
            yield* raw("DELETE", groupPath(id, gid, "/admins/6281200000001@s.whatsapp.net"))
          ]
        ) {
          yield* expectError(response, 501, "not_implemented")
        }
        expectList(yield* raw("GET", groupPath(id, gid, "/members")))
        yield* expectError(yield* raw("POST", groupPath("never-created", gid, "/members"), body), 404, "not_found")
        yield* expectError(yield* raw("DELETE", groupPath("never-created", gid, "/admins/6281200000001@s.whatsapp.net")), 404, "not_found")
      }))
  })
})
