import { assert, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { sharedWorld } from "./support/groups.ts"
import { rejection } from "./support/rejection.ts"

const lidOf = (phone: string) => `${simulatedLidNumber(phone)}@lid`
const pn = (phone: string) => `${phone}@s.whatsapp.net`

describe("virtual users acting in groups (control), as the members' clients see it", () => {
  const world = sharedWorld("alice")

  it("a virtual user joins by the group's link: the members get group-participants.update add, without an author", async () => {
    const alice = world.client("alice")
    const { id } = await alice.socket.groupCreate("Open door", [])
    assert.deepStrictEqual(world.sim.control.joinGroup({ jid: "15550009001", group: id }), { group: id, outcome: "joined" })
    const added = await alice.next("participants", "the joiner", (u) => u.id === id && u.action === "add")
    assert.deepStrictEqual(added.participants.map((p) => p.id), [lidOf("15550009001")])
    assert.notOk(added.author, "a join by link has no author")
    const notification = alice.seen.notifications.find((n) => n.attrs["from"] === id)
    assert.strictEqual(Array.isArray(notification?.content) ? notification.content[0]?.attrs["reason"] : undefined, "invite")
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid, pn("15550009001")])
    // The group now has a link (the one the user followed), and a second join changes nothing.
    assert.isString(world.sim.control.group(id).inviteCode)
    assert.deepStrictEqual(world.sim.control.joinGroup({ jid: "15550009001", group: id }), { group: id, outcome: "already_member" })
  })

  it("a virtual user joins with the code alice's client got; a revoked code is refused (409), an unknown one 404", async () => {
    const alice = world.client("alice")
    const { id } = await alice.socket.groupCreate("By code", [])
    const code = (await alice.socket.groupInviteCode(id)) ?? ""
    assert.deepStrictEqual(world.sim.control.joinGroup({ jid: "15550009002", code }), { group: id, outcome: "joined" })
    await alice.next("participants", "the joiner", (u) => u.id === id && u.action === "add")
    await alice.socket.groupRevokeInvite(id)
    assert.strictEqual((await rejection(() => world.sim.control.joinGroup({ jid: "15550009003", code }))).code, "conflict")
    assert.strictEqual((await rejection(() => world.sim.control.joinGroup({ jid: "15550009003", code: "NOSUCHCODE" }))).code, "not_found")
  })

  it("a virtual user asks to join a group that needs approval: the admin gets group.join-request, approves, the user is in", async () => {
    const alice = world.client("alice")
    const { id } = await alice.socket.groupCreate("Gated", [])
    await alice.socket.groupJoinApprovalMode(id, "on")
    assert.deepStrictEqual(world.sim.control.joinGroup({ jid: "15550009004", group: id }), { group: id, outcome: "requested" })
    assert.deepStrictEqual(world.sim.control.joinGroup({ jid: "15550009004", group: id }).outcome, "already_requested")
    const request = await alice.next("joinRequests", "the request", (r) => r.id === id && r.action === "created")
    assert.deepStrictEqual([request.participant, request.participantPn, request.method], [lidOf("15550009004"), pn("15550009004"), "invite_link"])
    assert.deepStrictEqual((await alice.socket.groupRequestParticipantsList(id)).map((r) => r["phone_number"]), [pn("15550009004")])
    const [approved] = await alice.socket.groupRequestParticipantsUpdate(id, [pn("15550009004")], "approve")
    assert.strictEqual(approved?.status, "200")
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid, pn("15550009004")])
    assert.deepStrictEqual(world.sim.control.group(id).requests, [])
  })

  it("a virtual user leaves: the members get remove with the leaver as author; an admin cannot add them back at once (408)", async () => {
    const alice = world.client("alice")
    const { id } = await alice.socket.groupCreate("Leaving", [pn("15550009005")])
    assert.deepStrictEqual(world.sim.control.leaveGroup({ jid: "15550009005", group: id }), { group: id })
    const removed = await alice.next("participants", "the leaver", (u) => u.id === id && u.action === "remove")
    assert.deepStrictEqual(removed.participants.map((p) => p.id), [lidOf("15550009005")])
    assert.strictEqual(removed.author, lidOf("15550009005"))
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid])
    const [again] = await alice.socket.groupParticipantsUpdate(id, [pn("15550009005")], "add")
    assert.strictEqual(again?.status, "408")
    assert.strictEqual((await rejection(() => world.sim.control.leaveGroup({ jid: "15550009005", group: id }))).code, "conflict")
  })

  it("a linked account's phone leaves: its own client is told too", async () => {
    const alice = world.client("alice")
    const { id } = await alice.socket.groupCreate("Phone leaves", [pn("15550009006")])
    world.sim.control.leaveGroup({ sessionId: "alice", group: id })
    const removed = await alice.next("participants", "alice left from her phone", (u) => u.id === id && u.action === "remove")
    assert.deepStrictEqual(removed.participants.map((p) => p.phoneNumber ?? p.id), [alice.phoneJid])
    // The last admin left: the longest-standing member is promoted.
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => [p.phoneJid, p.role]), [[pn("15550009006"), "admin"]])
  })

  it("over HTTP: join-group and leave-group, and bad input in the error envelope", async () => {
    const alice = world.client("alice")
    const post = (operation: string, body: unknown) =>
      fetch(`${world.sim.controlUrl}/${operation}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const { id } = await alice.socket.groupCreate("Over HTTP", [])
    const joined = await post("join-group", { jid: "+1 555 000 9007", group: id })
    assert.strictEqual(joined.status, 200)
    assert.deepStrictEqual(await joined.json(), { group: id, outcome: "joined" })
    await alice.next("participants", "the joiner", (u) => u.id === id && u.action === "add")
    assert.deepStrictEqual(await (await post("leave-group", { jid: "15550009007", group: id })).json(), { group: id })
    await alice.next("participants", "the leaver", (u) => u.id === id && u.action === "remove")
    const cases: Array<[Promise<Response>, number, string, Record<string, string>?]> = [
      [post("join-group", { jid: "15550009008" }), 400, "validation_error", { group: "give exactly one of group, code" }],
      [post("join-group", { jid: "15550009008", group: id, code: "X" }), 400, "validation_error", { group: "give exactly one of group, code" }],
      [post("join-group", { jid: "15550009008", group: "nope" }), 400, "validation_error", { group: "must be <id>@g.us" }],
      [post("join-group", { group: id }), 400, "validation_error"],
      [post("join-group", { jid: "15550009008", group: "120363000000000999@g.us" }), 404, "not_found"],
      [post("join-group", { jid: "00055500000", group: id }), 404, "not_found"],
      [post("leave-group", { jid: "15550009008", group: id }), 409, "conflict"],
      [post("leave-group", { jid: "15550009008" }), 400, "validation_error", { group: "must be <id>@g.us" }],
      [post("leave-group", { jid: "15550009008", group: id, why: "bored" }), 400, "validation_error", { why: "is not a field of this operation" }]
    ]
    for (const [request, status, code, details] of cases) {
      const response = await request
      const body = (await response.json()) as { error: { code: string; message: string; details: Record<string, string> } }
      assert.strictEqual(response.status, status, JSON.stringify(body))
      assert.strictEqual(body.error.code, code)
      if (details) assert.deepStrictEqual(body.error.details, details)
    }
  })
})
