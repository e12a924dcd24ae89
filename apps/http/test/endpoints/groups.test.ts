import { assert, describe, layer } from "@effect/vitest"
import { GroupJid, GroupStore, NotFound, OrgId, SessionId, Timestamp } from "@wagate/core"
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
  ownerAndMember,
  reconnect,
  unknownGroup,
  user
} from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, TestGatewayWithStore, tokens } from "../support/gateway.ts"

const GROUP_FIELDS = [
  "createdAt",
  "description",
  "groupJid",
  "isAnnounce",
  "isLocked",
  "joinApproval",
  "left",
  "memberAddMode",
  "ownerJid",
  "participants",
  "subject"
]

describe("groups", () => {
  layer(TestGateway())((it) => {
    it.effect("POST /groups is 201 with the Group; the session's account owns it and it lists at once", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("create")
        const response = yield* raw("POST", api(`/sessions/${id}/groups`), {
          json: {
            name: "  Launch  ",
            participants: ["6281200000001@s.whatsapp.net", "+62 812-0000-0002", "9990000000001", "0000000000001"],
            description: "Launch team",
            settings: { isAnnounce: true, joinApproval: true, memberAddMode: "all_member_add" }
          }
        })
        const group = expectJson(response, 201) as Record<string, unknown>
        assert.deepStrictEqual(Object.keys(group).sort(), GROUP_FIELDS)
        assert.match(String(group["groupJid"]), /^[0-9]+(-[0-9]+)?@g\.us$/)
        assert.strictEqual(group["subject"], "Launch")
        assert.strictEqual(group["description"], "Launch team")
        assert.strictEqual(group["ownerJid"], phoneJid)
        // the owner and the two numbers added directly; 999… got an invite, 000… is not on WhatsApp
        assert.strictEqual(group["participants"], 3)
        assert.strictEqual(group["isAnnounce"], true)
        assert.strictEqual(group["isLocked"], false)
        assert.strictEqual(group["joinApproval"], true)
        assert.strictEqual(group["memberAddMode"], "all_member_add")
        assert.strictEqual(group["left"], false)

        const client = yield* clientFor(tokens.acme)
        const listed = yield* client.groups.list({ params: { session: id }, query: {} })
        assert.deepStrictEqual(listed.items.map((g) => g.groupJid), [GroupJid.make(String(group["groupJid"]))])
        const members = yield* client.members.list({ params: { session: id, gid: String(group["groupJid"]) }, query: {} })
        assert.sameMembers(members.items.map((m) => m.phoneJid), [phoneJid, "6281200000001@s.whatsapp.net", "6281200000002@s.whatsapp.net"])

        const [typed, typedResponse] = yield* client.groups.create({
          params: { session: id },
          payload: { name: "Typed", participants: [user("6281200000003")] },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(typedResponse.status, 201)
        assert.strictEqual(typed.participants, 2)
        assert.strictEqual(typed.memberAddMode, "admin_add")
        assert.isNull(typed.description)
      }))

    it.effect("POST /groups validates before any WhatsApp call: empty name, empty participants, malformed JID → 400", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("invalid")
        const post = (json: unknown) => raw("POST", api(`/sessions/${id}/groups`), { json })
        const one = ["6281200000001@s.whatsapp.net"]
        yield* expectError(yield* post({ name: "", participants: one }), 400, "validation_error", ["name"])
        yield* expectError(yield* post({ name: "   ", participants: one }), 400, "validation_error", ["name"])
        yield* expectError(yield* post({ participants: one }), 400, "validation_error", ["name"])
        yield* expectError(yield* post({ name: "G", participants: [] }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({ name: "G" }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({ name: "G", participants: ["not-a-jid"] }), 400, "validation_error", ["participants"])
        yield* expectError(yield* post({ name: "G", participants: ["123@s.whatsapp.net"] }), 400, "validation_error", ["participants"])
        yield* expectError(
          yield* post({ name: "G", participants: ["6281200000001", "+62 812 0000 0001"] }),
          400,
          "validation_error",
          ["participants"]
        )
        yield* expectError(yield* post({ name: "", participants: [] }), 400, "validation_error", ["name", "participants"])
        yield* expectError(
          yield* post({ name: "G", participants: one, settings: { memberAddMode: "anyone" } }),
          400,
          "validation_error",
          ["memberAddMode"]
        )
        // nothing was created by any of them
        assert.deepStrictEqual(expectList(yield* raw("GET", api(`/sessions/${id}/groups`))).items, [])
      }))

    it.effect("GET /groups/{gid} reads the stored group with the @ as is or as %40; 404 unknown, 400 malformed", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("get")
        const gid = yield* newGroup(id)
        const plain = expectJson(yield* raw("GET", groupPath(id, gid)), 200)
        const encoded = expectJson(yield* raw("GET", groupPath(id, gid, "", true)), 200)
        assert.deepStrictEqual(plain, encoded)
        assert.strictEqual((plain as { groupJid: string }).groupJid, gid)

        const client = yield* clientFor(tokens.acme)
        assert.strictEqual((yield* client.groups.get({ params: { session: id, gid } })).groupJid, gid)
        const missing = yield* Effect.flip(client.groups.get({ params: { session: id, gid: unknownGroup } }))
        assert.instanceOf(missing, NotFound)
        yield* expectError(yield* raw("GET", groupPath(id, unknownGroup)), 404, "not_found")
        yield* expectError(yield* raw("GET", groupPath(id, "12345@s.whatsapp.net")), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("GET", groupPath(id, "not-a-group")), 400, "validation_error", ["groupJid"])
        yield* expectError(yield* raw("GET", groupPath("never-created", gid)), 404, "not_found")
      }))

    it.effect("GET /groups pages with limit and cursor; the last page's nextCursor is empty", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("page")
        const created: Array<string> = []
        for (let i = 0; i < 5; i++) created.push(yield* newGroup(id))
        const pages = yield* allPages(api(`/sessions/${id}/groups`), 2)
        assert.deepStrictEqual(pages.map((p) => p.length), [2, 2, 1])
        assert.sameMembers(pages.flat().map((g) => (g as { groupJid: string }).groupJid), created)

        const exact = yield* allPages(api(`/sessions/${id}/groups`), 5)
        assert.strictEqual(exact.length, 1, "a page that holds the rest is the last page")

        yield* expectError(yield* raw("GET", api(`/sessions/${id}/groups?limit=0`)), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/groups?cursor=%%%`)), 400, "validation_error", ["cursor"])
      }))

    it.effect("PATCH /groups/{gid} changes subject, description and settings; description null clears it", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("patch")
        const gid = yield* newGroup(id)
        const patched = expectJson(
          yield* raw("PATCH", groupPath(id, gid, "", true), {
            json: { subject: "Renamed", description: "About", settings: { isLocked: true, memberAddMode: "all_member_add" } }
          }),
          200
        ) as Record<string, unknown>
        assert.deepStrictEqual(Object.keys(patched).sort(), GROUP_FIELDS)
        assert.strictEqual(patched["subject"], "Renamed")
        assert.strictEqual(patched["description"], "About")
        assert.strictEqual(patched["isLocked"], true)
        assert.strictEqual(patched["memberAddMode"], "all_member_add")
        assert.strictEqual(patched["isAnnounce"], false, "settings not named keep their value")

        const client = yield* clientFor(tokens.acme)
        const cleared = yield* client.groups.update({ params: { session: id, gid }, payload: { description: null } })
        assert.isNull(cleared.description)
        assert.strictEqual(cleared.subject, "Renamed")
        const stored = yield* client.groups.get({ params: { session: id, gid } })
        assert.isNull(stored.description)
        assert.strictEqual(stored.isLocked, true)

        const unchanged = expectJson(yield* raw("PATCH", groupPath(id, gid), { json: {} }), 200)
        assert.deepStrictEqual(unchanged, expectJson(yield* raw("GET", groupPath(id, gid)), 200))
        yield* expectError(yield* raw("PATCH", groupPath(id, unknownGroup), { json: { subject: "X" } }), 404, "not_found")
        yield* expectError(yield* raw("PATCH", groupPath(id, "bad", "", true), { json: { subject: "X" } }), 400, "validation_error", [
          "groupJid"
        ])
      }))

    it.effect("PATCH /groups/{gid} with an empty subject or a bad setting is 400 naming the field", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("patch-bad")
        const gid = yield* newGroup(id)
        yield* expectError(yield* raw("PATCH", groupPath(id, gid), { json: { subject: "" } }), 400, "validation_error", ["subject"])
        yield* expectError(
          yield* raw("PATCH", groupPath(id, gid), { json: { settings: { isAnnounce: "yes" } } }),
          400,
          "validation_error",
          ["isAnnounce"]
        )
        yield* expectError(yield* raw("PATCH", groupPath(id, gid), { json: { description: 7 } }), 400, "validation_error", ["description"])
      }))

    it.effect("PATCH /groups/{gid} from a session that is a plain member is 403 forbidden", () =>
      Effect.gen(function*() {
        const { member, gid } = yield* ownerAndMember("patch-member")
        const error = yield* expectError(
          yield* raw("PATCH", groupPath(member.id, gid), { json: { subject: "Mine now" } }),
          403,
          "forbidden"
        )
        assert.strictEqual(error.details?.["reason"], "not_admin")
      }))

    it.effect("POST /groups/{gid}:leave is 204 with an empty body; the stored group stays readable, marked left", () =>
      Effect.gen(function*() {
        const { member, owner, gid } = yield* ownerAndMember("leave")
        expectNoContent(yield* raw("POST", groupPath(member.id, gid, ":leave")))
        const client = yield* clientFor(tokens.acme)
        const left = yield* client.groups.get({ params: { session: member.id, gid } })
        assert.isTrue(left.left)
        const listed = yield* client.groups.list({ params: { session: member.id }, query: {} })
        assert.deepStrictEqual(listed.items.map((g) => [g.groupJid, g.left]), [[gid, true]])
        // leaving again changes nothing and still answers 204
        expectNoContent(yield* raw("POST", groupPath(member.id, gid, ":leave", true)))

        const [, response] = yield* client.groups.leave({ params: { session: owner.id, gid }, responseMode: "decoded-and-response" })
        assert.strictEqual(response.status, 204)
        yield* expectError(yield* raw("POST", groupPath(owner.id, unknownGroup, ":leave")), 404, "not_found")
        yield* expectError(yield* raw("POST", groupPath(owner.id, "bad", ":leave")), 400, "validation_error", ["groupJid"])
      }))

    for (const announce of [false, true]) {
      it.effect(`a session that left a group (announce-only: ${announce}) is 403 not_member on every action that needs membership`, () =>
        Effect.gen(function*() {
          const { member, owner, gid } = yield* ownerAndMember(`left-${announce}`)
          const client = yield* clientFor(tokens.acme)
          if (announce) {
            yield* client.groups.update({ params: { session: owner.id, gid }, payload: { settings: { isAnnounce: true } } })
            const seen = yield* eventually(client.groups.get({ params: { session: member.id, gid } }), (g) => g.isAnnounce)
            assert.isTrue(seen.isAnnounce)
          }
          expectNoContent(yield* raw("POST", groupPath(member.id, gid, ":leave")))
          const someone = user("6281200000001")
          const attempts: ReadonlyArray<readonly [string, ReturnType<typeof raw>]> = [
            ["send", raw("POST", api(`/sessions/${member.id}/messages`), { json: { type: "text", to: gid, text: "still here?" } })],
            ["patch", raw("PATCH", groupPath(member.id, gid), { json: { subject: "Mine" } })],
            ["add members", raw("POST", groupPath(member.id, gid, "/members"), { json: { participants: [someone] } })],
            ["remove member", raw("DELETE", groupPath(member.id, gid, `/members/${owner.phoneJid}`))],
            ["promote", raw("POST", groupPath(member.id, gid, "/admins"), { json: { participants: [someone] } })],
            ["demote", raw("DELETE", groupPath(member.id, gid, `/admins/${owner.phoneJid}`))],
            ["invite", raw("GET", groupPath(member.id, gid, "/invite"))],
            ["revoke invite", raw("POST", groupPath(member.id, gid, "/invite:revoke"))],
            ["join requests", raw("GET", groupPath(member.id, gid, "/requests"))],
            ["approve", raw("POST", groupPath(member.id, gid, "/requests:approve"), { json: { participants: [someone] } })],
            ["reject", raw("POST", groupPath(member.id, gid, "/requests:reject"), { json: { participants: [someone] } })]
          ]
          for (const [name, attempt] of attempts) {
            const error = yield* expectError(yield* attempt, 403, "forbidden", [], name)
            assert.deepStrictEqual(error.details, { groupJid: gid, reason: "not_member" }, name)
          }
          assert.isTrue((yield* client.groups.get({ params: { session: member.id, gid } })).left, "still readable, marked left")
          // Leaving again stays a no-op, as a retried leave must be.
          expectNoContent(yield* raw("POST", groupPath(member.id, gid, ":leave")))
        }))
    }

    it.effect("POST /groups:join accepts a bare code or the full link; already a member is still 200", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const owner = yield* newSession("join-owner")
        const byCode = yield* newSession("join-code")
        const byLink = yield* newSession("join-link")
        const gid = yield* newGroup(owner.id)
        const invite = yield* client.members.invite({ params: { session: owner.id, gid } })

        const joined = expectJson(yield* raw("POST", api(`/sessions/${byCode.id}/groups:join`), { json: { invite: invite.code } }), 200)
        assert.strictEqual((joined as { groupJid: string }).groupJid, gid)
        // the typed client carries a decoded InviteCode, so the link goes as a caller would type it
        const linkPath = api(`/sessions/${byLink.id}/groups:join`)
        const viaLink = expectJson(yield* raw("POST", linkPath, { json: { invite: invite.link } }), 200)
        assert.strictEqual((viaLink as { groupJid: string }).groupJid, gid)
        const again = expectJson(yield* raw("POST", linkPath, { json: { invite: `${invite.link}/?utm=x` } }), 200)
        assert.strictEqual((again as { groupJid: string }).groupJid, gid)
        const owners = yield* client.groups.join({ params: { session: owner.id }, payload: { invite: invite.code } })
        assert.strictEqual(owners.groupJid, gid, "the owner is already a member")

        // the joiners' stored groups are readable at once
        assert.strictEqual((yield* client.groups.get({ params: { session: byCode.id, gid } })).groupJid, gid)
        assert.strictEqual((yield* client.groups.get({ params: { session: byLink.id, gid } })).groupJid, gid)
      }))

    it.effect("POST /groups:join with an invite WhatsApp does not know is 400 naming invite", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("join-unknown")
        const join = (json: unknown) => raw("POST", api(`/sessions/${id}/groups:join`), { json })
        yield* expectError(yield* join({ invite: "AAAAAAAAAAAAAAAAAAAAAA" }), 400, "validation_error", ["invite"])
        yield* expectError(yield* join({ invite: "https://chat.whatsapp.com/AAAAAAAAAAAAAAAAAAAAAA" }), 400, "validation_error", [
          "invite"
        ])
        yield* expectError(
          yield* raw("POST", api("/sessions/never-created/groups:join"), { json: { invite: "AAAAAAAAAAAAAAAAAAAAAA" } }),
          404,
          "not_found"
        )
      }))

    it.effect("POST /groups:join with a missing or malformed invite is 400 naming invite", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("join-malformed")
        const join = (json: unknown) => raw("POST", api(`/sessions/${id}/groups:join`), { json })
        yield* expectError(yield* join({ invite: "no spaces allowed" }), 400, "validation_error", ["invite"])
        yield* expectError(yield* join({ invite: "" }), 400, "validation_error", ["invite"])
        yield* expectError(yield* join({}), 400, "validation_error", ["invite"])
      }))

    it.effect("GET /invites/{code} previews the group without joining; an unknown code is 404", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const owner = yield* newSession("preview-owner")
        const outsider = yield* newSession("preview-outsider")
        const gid = yield* newGroup(owner.id, [user("6281200000001"), user("6281200000002")])
        yield* client.groups.update({ params: { session: owner.id, gid }, payload: { description: "Read me" } })
        const invite = yield* client.members.invite({ params: { session: owner.id, gid } })

        const preview = expectJson(yield* raw("GET", api(`/sessions/${outsider.id}/invites/${invite.code}`)), 200)
        assert.deepStrictEqual(preview, { groupJid: gid, subject: "Group", description: "Read me", size: 3 })
        const typed = yield* client.groups.previewInvite({ params: { session: outsider.id, code: invite.code } })
        assert.strictEqual(typed.size, 3)
        yield* expectError(yield* raw("GET", groupPath(outsider.id, gid)), 404, "not_found")

        yield* expectError(yield* raw("GET", api(`/sessions/${outsider.id}/invites/AAAAAAAAAAAAAAAAAAAAAA`)), 404, "not_found")
        yield* expectError(yield* raw("GET", api(`/sessions/${outsider.id}/invites/a%20b`)), 400, "validation_error", ["code"])
      }))

    it.effect("live group actions on a disconnected session are 501 not_implemented; stored reads still work", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("offline")
        const gid = yield* newGroup(id)
        const client = yield* clientFor(tokens.acme)
        const invite = yield* client.members.invite({ params: { session: id, gid } })
        yield* disconnect(id)

        yield* expectError(
          yield* raw("POST", api(`/sessions/${id}/groups`), { json: { name: "G", participants: ["6281200000001"] } }),
          501,
          "not_implemented"
        )
        yield* expectError(yield* raw("PATCH", groupPath(id, gid), { json: { subject: "X" } }), 501, "not_implemented")
        yield* expectError(yield* raw("POST", groupPath(id, gid, ":leave")), 501, "not_implemented")
        yield* expectError(yield* raw("POST", api(`/sessions/${id}/groups:join`), { json: { invite: invite.code } }), 501, "not_implemented")
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/invites/${invite.code}`)), 501, "not_implemented")
        yield* expectError(yield* raw("POST", groupPath(id, gid, ":refresh")), 501, "not_implemented")
        yield* expectError(yield* raw("POST", api(`/sessions/${id}/groups:refresh`)), 501, "not_implemented")

        expectJson(yield* raw("GET", groupPath(id, gid)), 200)
        expectList(yield* raw("GET", api(`/sessions/${id}/groups`)))

        yield* reconnect(id)
        expectJson(yield* raw("PATCH", groupPath(id, gid), { json: { subject: "Back" } }), 200)
      }))
  })

  // The store is shared with the test here, so a test can make the stored view drift from WhatsApp's, which is
  // what a refresh repairs (the core tests make WhatsApp itself change unheard).
  layer(TestGatewayWithStore())((it) => {
    const ownerOf = (session: string) => ({ orgId: OrgId.make("acme"), sessionId: SessionId.make(session) })
    const at = Timestamp.make("2026-11-22T10:00:00.000Z")

    it.effect("POST /groups/{gid}:refresh is 200 with the Group re-read from WhatsApp; POST /groups:refresh is 200 {groups, changed, left}", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("refresh")
        const gid = yield* newGroup(id)
        const groups = yield* GroupStore
        const client = yield* clientFor(tokens.acme)

        const same = expectJson(yield* raw("POST", groupPath(id, gid, ":refresh")), 200) as Record<string, unknown>
        assert.deepStrictEqual(Object.keys(same).sort(), GROUP_FIELDS)
        assert.deepStrictEqual(same, expectJson(yield* raw("GET", groupPath(id, gid)), 200))

        yield* groups.patch(ownerOf(id), gid, { subject: "Stale" }, at)
        assert.strictEqual((yield* client.groups.get({ params: { session: id, gid } })).subject, "Stale")
        const repaired = expectJson(yield* raw("POST", groupPath(id, gid, ":refresh", true)), 200) as Record<string, unknown>
        assert.strictEqual(repaired["subject"], "Group")
        assert.strictEqual((yield* client.groups.get({ params: { session: id, gid } })).subject, "Group")

        // A group stored for the session that WhatsApp does not list for it: the session is no longer in it.
        const gone = GroupJid.make("120363888888888888@g.us")
        yield* groups.upsert(ownerOf(id), {
          groupJid: gone,
          subject: "Gone",
          description: null,
          ownerJid: phoneJid,
          createdAt: at,
          settings: { isAnnounce: false, isLocked: false, joinApproval: false, memberAddMode: "admin_add" },
          kind: "group",
          parentJid: null,
          members: [{ jid: phoneJid, role: "superadmin" }]
        }, at)
        const summary = expectJson(yield* raw("POST", api(`/sessions/${id}/groups:refresh`)), 200)
        assert.deepStrictEqual(summary, { groups: 1, changed: 0, left: 1 })
        const left = yield* client.groups.get({ params: { session: id, gid: gone } })
        assert.isTrue(left.left)
        assert.strictEqual(left.subject, "Gone")
        assert.deepStrictEqual(yield* client.groups.refreshAll({ params: { session: id } }), { groups: 1, changed: 0, left: 0 })
        assert.strictEqual((yield* client.groups.refresh({ params: { session: id, gid } })).groupJid, gid)
      }))

    it.effect("refresh: 404 for an unknown group or session (or another organisation's), 403 without send, 403 not_member for a group never had, 400 for a bad JID; a left group is answered left", () =>
      Effect.gen(function*() {
        const { member, owner, gid } = yield* ownerAndMember("refresh-errors")
        yield* expectError(yield* raw("POST", groupPath(owner.id, unknownGroup, ":refresh")), 404, "not_found")
        yield* expectError(yield* raw("POST", groupPath("nobody-here", gid, ":refresh")), 404, "not_found")
        yield* expectError(yield* raw("POST", api("/sessions/nobody-here/groups:refresh")), 404, "not_found")
        yield* expectError(yield* raw("POST", groupPath(owner.id, gid, ":refresh"), { token: tokens.globex }), 404, "not_found")
        yield* expectError(yield* raw("POST", api(`/sessions/${owner.id}/groups:refresh`), { token: tokens.globex }), 404, "not_found")
        const reader = yield* expectError(yield* raw("POST", groupPath(owner.id, gid, ":refresh"), { token: tokens.acmeReader }), 403, "forbidden")
        assert.strictEqual(reader.details?.["capability"], "send")
        yield* expectError(yield* raw("POST", api(`/sessions/${owner.id}/groups:refresh`), { token: tokens.acmeReader }), 403, "forbidden")
        yield* expectError(yield* raw("POST", groupPath(owner.id, "bad", ":refresh")), 400, "validation_error", ["groupJid"])

        // A group the session never had: not a member. One it left: the stored group, marked left.
        const elsewhere = yield* ownerAndMember("refresh-elsewhere")
        const notMember = yield* expectError(yield* raw("POST", groupPath(member.id, elsewhere.gid, ":refresh")), 403, "forbidden")
        assert.deepStrictEqual(notMember.details, { groupJid: elsewhere.gid, reason: "not_member" })
        expectNoContent(yield* raw("POST", groupPath(member.id, gid, ":leave")))
        assert.propertyVal(expectJson(yield* raw("POST", groupPath(member.id, gid, ":refresh")), 200), "left", true)
        assert.deepStrictEqual(expectJson(yield* raw("POST", api(`/sessions/${member.id}/groups:refresh`)), 200), { groups: 0, changed: 0, left: 0 })
      }))
  })
})
