/**
 * Issue 10, through HTTP: groups on the real Baileys transport against the protocol simulator (one simulator and
 * one gateway for the file). What the gateway answers and stores is compared with what the simulated WhatsApp
 * holds (its control API), so a gateway that only believed itself would fail.
 */
import { assert, describe, layer } from "@effect/vitest"
import { type GroupMemberView, type GroupView, WaSimService } from "@wagate/wa-sim"
import { Effect } from "effect"
import { api, expectError, expectJson, expectList, expectNoContent, groupPath } from "../support/endpoints.ts"
import { raw } from "../support/gateway.ts"
import { linkedSession, pollUntil, SandboxGateway, type SessionView } from "../support/sandbox.ts"

interface GroupJson {
  readonly groupJid: string
  readonly subject: string
  readonly description: string | null
  readonly ownerJid: string
  readonly participants: number
  readonly isAnnounce: boolean
  readonly isLocked: boolean
  readonly joinApproval: boolean
  readonly memberAddMode: string
  readonly left: boolean
}

interface MemberJson {
  readonly jid: string
  readonly phoneJid: string | null
  readonly lid: string | null
  readonly role: string
}

const phone = (digits: string) => `${digits}@s.whatsapp.net`

const createGroup = Effect.fn("createGroup")(function*(session: string, name: string, participants: ReadonlyArray<string>) {
  return expectJson(yield* raw("POST", api(`/sessions/${session}/groups`), { json: { name, participants } }), 201) as GroupJson
})

const storedMembers = (session: string, gid: string) =>
  Effect.map(raw("GET", groupPath(session, gid, "/members")), (r) => expectList(r).items as ReadonlyArray<MemberJson>)

const storedGroup = (session: string, gid: string) =>
  Effect.map(raw("GET", groupPath(session, gid)), (r) => expectJson(r, 200) as GroupJson)

/** The simulated WhatsApp's members of a group, as the API names them, in `jid` order. */
const simulatedMembers = (group: GroupView): ReadonlyArray<MemberJson> =>
  [...group.participants]
    .map((m: GroupMemberView) => ({ jid: m.jid, phoneJid: m.phoneJid, lid: m.lid, role: m.role }))
    .sort((a, b) => (a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0))

/** Polls the stored members until they are exactly the simulated WhatsApp's (20 s at most). */
const storedMembersMatchWhatsApp = (session: string, gid: string) =>
  Effect.gen(function*() {
    const sim = yield* WaSimService
    return yield* pollUntil(
      storedMembers(session, gid),
      (stored) => JSON.stringify(stored) === JSON.stringify(simulatedMembers(sim.control.group(gid))),
      (stored) => `stored ${JSON.stringify(stored)} vs WhatsApp's ${JSON.stringify(simulatedMembers(sim.control.group(gid)))}`
    )
  })

const withResults = { headers: { prefer: "return=representation" } }

describe("sandbox: groups through HTTP on Baileys against the protocol simulator", () => {
  layer(SandboxGateway, { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("create with members: the owner and the added member stored by LID with both twins; 999 → invite_sent, 000 → not_on_whatsapp", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const owner = yield* linkedSession("grp-create")
        const member = phone("628110000001")
        const privacy = phone("999110000001")
        const absent = phone("000110000001")

        const group = yield* createGroup(owner.id, "Team", [member, privacy, absent])
        assert.strictEqual(group.subject, "Team")
        assert.strictEqual(group.ownerJid, owner.phoneJid)
        assert.strictEqual(group.participants, 2, "the owner and the one member WhatsApp added")

        const simulated = sim.control.group(group.groupJid)
        assert.strictEqual(simulated.addressingMode, "lid")
        assert.sameMembers(simulated.participants.map((m) => m.phoneJid), [owner.phoneJid, member])
        const stored = yield* storedMembersMatchWhatsApp(owner.id, group.groupJid)
        assert.isTrue(stored.every((m) => m.jid === m.lid && m.phoneJid !== null), JSON.stringify(stored))
        assert.strictEqual(stored.find((m) => m.phoneJid === owner.phoneJid)?.role, "superadmin")
        assert.strictEqual(stored.find((m) => m.phoneJid === owner.phoneJid)?.lid, owner.lid)

        // Adding them again says why each was not added, echoing the input.
        const results = expectJson(
          yield* raw("POST", groupPath(owner.id, group.groupJid, "/members"), { json: { participants: [privacy, absent, member] }, ...withResults }),
          200
        )
        assert.deepStrictEqual(results, {
          items: [
            { jid: privacy, status: "invite_sent" },
            { jid: absent, status: "not_on_whatsapp" },
            { jid: member, status: "already_member" }
          ]
        })
        // The privacy-minded user's phone received the add request's invite, decrypted.
        const invites = sim.control.messages({ jid: privacy }).filter((m) => m.content.kind === "other" && m.content.type === "groupInviteMessage")
        assert.isAtLeast(invites.length, 1)
        assert.strictEqual(invites[0]?.sender, owner.phoneJid)
        yield* storedMembersMatchWhatsApp(owner.id, group.groupJid)
      }))

    it.effect("promote, demote and remove by phone JID in a LID-addressed group: results echo the input, stored members change", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const owner = yield* linkedSession("grp-admins")
        const first = phone("628120000001")
        const second = phone("628120000002")
        const { groupJid: gid } = yield* createGroup(owner.id, "Admins", [first, second])
        assert.strictEqual(sim.control.group(gid).addressingMode, "lid")
        const lidOf = (p: string) => sim.control.group(gid).participants.find((m) => m.phoneJid === p)?.lid ?? "none"
        assert.match(lidOf(first), /@lid$/)

        const promoted = expectJson(yield* raw("POST", groupPath(owner.id, gid, "/admins"), { json: { participants: [first] }, ...withResults }), 200)
        assert.deepStrictEqual(promoted, { items: [{ jid: first, status: "promoted" }] }, "the result names the phone JID given, not the LID")
        assert.strictEqual(sim.control.group(gid).participants.find((m) => m.phoneJid === first)?.role, "admin")
        const afterPromote = yield* storedMembersMatchWhatsApp(owner.id, gid)
        assert.deepStrictEqual(afterPromote.find((m) => m.phoneJid === first), { jid: lidOf(first), phoneJid: first, lid: lidOf(first), role: "admin" })

        expectNoContent(yield* raw("DELETE", groupPath(owner.id, gid, `/admins/${first}`)))
        assert.strictEqual(sim.control.group(gid).participants.find((m) => m.phoneJid === first)?.role, "member")
        const afterDemote = yield* storedMembersMatchWhatsApp(owner.id, gid)
        assert.strictEqual(afterDemote.find((m) => m.phoneJid === first)?.role, "member")
        // Demoting again is idempotent.
        expectNoContent(yield* raw("DELETE", groupPath(owner.id, gid, `/admins/${first}`)))

        expectNoContent(yield* raw("DELETE", groupPath(owner.id, gid, `/members/${encodeURIComponent(second)}`)))
        assert.notInclude(sim.control.group(gid).participants.map((m) => m.phoneJid), second)
        const afterRemove = yield* storedMembersMatchWhatsApp(owner.id, gid)
        assert.sameMembers(afterRemove.map((m) => m.phoneJid), [owner.phoneJid, first])
        assert.strictEqual((yield* storedGroup(owner.id, gid)).participants, 2)
        // Removing again is idempotent.
        expectNoContent(yield* raw("DELETE", groupPath(owner.id, gid, `/members/${second}`)))
      }))

    it.effect("update subject, description and settings; get the invite and revoke it", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const owner = yield* linkedSession("grp-update")
        const { groupJid: gid } = yield* createGroup(owner.id, "Before", [phone("628130000001")])

        const settings = { isAnnounce: true, isLocked: true, memberAddMode: "admin_add" }
        const patched = expectJson(
          yield* raw("PATCH", groupPath(owner.id, gid), { json: { subject: "After", description: "What we do", settings } }),
          200
        ) as GroupJson
        assert.include(patched, { subject: "After", description: "What we do", isAnnounce: true, isLocked: true, memberAddMode: "admin_add" })
        const simulated = sim.control.group(gid)
        assert.strictEqual(simulated.subject, "After")
        assert.strictEqual(simulated.description?.body, "What we do")
        assert.include(simulated, { announce: true, locked: true, memberAddMode: "admin_add" })
        assert.include(yield* storedGroup(owner.id, gid), { subject: "After", description: "What we do", isAnnounce: true, isLocked: true })

        const reopened = expectJson(
          yield* raw("PATCH", groupPath(owner.id, gid), { json: { description: null, settings: { isAnnounce: false, memberAddMode: "all_member_add" } } }),
          200
        ) as GroupJson
        assert.include(reopened, { subject: "After", description: null, isAnnounce: false, isLocked: true, memberAddMode: "all_member_add" })
        assert.isNull(sim.control.group(gid).description)
        assert.include(sim.control.group(gid), { announce: false, memberAddMode: "all_member_add" })

        const invite = expectJson(yield* raw("GET", groupPath(owner.id, gid, "/invite")), 200) as { code: string; link: string }
        assert.strictEqual(invite.link, `https://chat.whatsapp.com/${invite.code}`)
        assert.strictEqual(sim.control.group(gid).inviteCode, invite.code)
        const preview = expectJson(yield* raw("GET", api(`/sessions/${owner.id}/invites/${invite.code}`)), 200)
        assert.include(preview, { groupJid: gid, subject: "After", size: 2 })

        const revoked = expectJson(yield* raw("POST", groupPath(owner.id, gid, "/invite:revoke")), 200) as { code: string; link: string }
        assert.notStrictEqual(revoked.code, invite.code)
        assert.strictEqual(revoked.link, `https://chat.whatsapp.com/${revoked.code}`)
        assert.strictEqual(sim.control.group(gid).inviteCode, revoked.code)
        const again = expectJson(yield* raw("GET", groupPath(owner.id, gid, "/invite")), 200) as { code: string }
        assert.strictEqual(again.code, revoked.code)
        // The old link leads nowhere any more.
        yield* expectError(yield* raw("GET", api(`/sessions/${owner.id}/invites/${invite.code}`)), 404, "not_found")
        yield* expectError(yield* raw("POST", api(`/sessions/${owner.id}/groups:join`), { json: { invite: invite.link } }), 400, "validation_error", ["invite"])
      }))

    it.effect("a second session joins by link and appears in the first session's stored members through the notification; it leaves", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const owner = yield* linkedSession("grp-join-owner")
        const joiner: SessionView = yield* linkedSession("grp-join-member")
        const { groupJid: gid } = yield* createGroup(owner.id, "Open", [phone("628140000001")])
        const { link } = expectJson(yield* raw("GET", groupPath(owner.id, gid, "/invite")), 200) as { link: string }

        const joined = expectJson(yield* raw("POST", api(`/sessions/${joiner.id}/groups:join`), { json: { invite: link } }), 200)
        assert.include(joined, { groupJid: gid })
        assert.include(sim.control.group(gid).participants.map((m) => m.phoneJid), joiner.phoneJid)
        // The owner's store learns of the new member from WhatsApp's notification, by LID with both twins.
        const members = yield* storedMembersMatchWhatsApp(owner.id, gid)
        assert.deepStrictEqual(members.find((m) => m.phoneJid === joiner.phoneJid), {
          jid: joiner.lid,
          phoneJid: joiner.phoneJid,
          lid: joiner.lid,
          role: "member"
        })
        // The joiner's own store has the group.
        const ownView = yield* storedGroup(joiner.id, gid)
        assert.include(ownView, { subject: "Open", left: false })

        expectNoContent(yield* raw("POST", groupPath(joiner.id, gid, ":leave")))
        assert.notInclude(sim.control.group(gid).participants.map((m) => m.phoneJid), joiner.phoneJid)
        assert.isTrue((yield* storedGroup(joiner.id, gid)).left, "the stored group stays readable, marked left")
        const afterLeave = yield* storedMembersMatchWhatsApp(owner.id, gid)
        assert.notInclude(afterLeave.map((m) => m.phoneJid), joiner.phoneJid)
        // A live action on the group it left is refused in the envelope.
        yield* expectError(yield* raw("GET", groupPath(joiner.id, gid, "/invite")), 403, "forbidden")
      }))
  })
})
