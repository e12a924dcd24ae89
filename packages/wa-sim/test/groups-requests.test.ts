import { assert, describe, it } from "@effect/vitest"
import { iqErrorCode, sharedWorld } from "./support/groups.ts"

describe("join approval and membership requests", () => {
  const world = sharedWorld("alice", "bob", "carol", "dave")

  it("a join by link into an approval group files a request the admins are told of; approve makes a member", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Gated", [bob.phoneJid])
    await alice.socket.groupJoinApprovalMode(id, "on")
    const code = (await alice.socket.groupInviteCode(id)) ?? ""
    assert.isTrue((await carol.socket.groupGetInviteInfo(code)).joinApprovalMode)
    // WhatsApp answers <membership_approval_request jid/>: Baileys finds no <group> and returns undefined.
    assert.isUndefined(await carol.socket.groupAcceptInvite(code))
    const model = world.sim.control.group(id)
    assert.deepStrictEqual(model.requests.map((r) => [r.jid, r.phoneJid, r.method]), [[carol.lid, carol.phoneJid, "invite_link"]])
    assert.deepStrictEqual(model.participants.length, 2)

    const created = await alice.next("joinRequests", "carol asks", (r) => r.id === id && r.action === "created")
    assert.deepStrictEqual([created.participant, created.participantPn, created.method], [carol.lid, carol.phoneJid, "invite_link"])
    const listed = await alice.socket.groupRequestParticipantsList(id)
    assert.deepStrictEqual(listed.map((r) => [r["jid"], r["phone_number"]]), [[carol.lid, carol.phoneJid]])
    assert.match(String(listed[0]?.["request_time"]), /^\d+$/)
    assert.strictEqual(await iqErrorCode(bob.socket.groupRequestParticipantsList(id)), 401)

    const approved = await alice.socket.groupRequestParticipantsUpdate(id, [carol.phoneJid, world.client("dave").phoneJid], "approve")
    assert.deepStrictEqual(approved.map((r) => r.status), ["200", "404"])
    const after = world.sim.control.group(id)
    assert.deepStrictEqual(after.requests, [])
    assert.deepStrictEqual(after.participants.map((p) => p.phoneJid), [alice.phoneJid, bob.phoneJid, carol.phoneJid])
    const added = await bob.next("participants", "carol approved", (u) => u.id === id && u.action === "add")
    assert.strictEqual(added.author, alice.lid)
    await carol.next("upserts", "carol's new group", (g) => g.id === id)
  })

  it("reject drops the request and tells the admins; a member cannot act on requests (401)", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const dave = world.client("dave")
    const { id } = await alice.socket.groupCreate("Rejecting", [bob.phoneJid])
    await alice.socket.groupJoinApprovalMode(id, "on")
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "promote")
    const code = (await alice.socket.groupInviteCode(id)) ?? ""
    await dave.socket.groupAcceptInvite(code)
    // Asking twice files one request.
    await dave.socket.groupAcceptInvite(code)
    assert.strictEqual(world.sim.control.group(id).requests.length, 1)
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "demote")
    assert.strictEqual(await iqErrorCode(bob.socket.groupRequestParticipantsUpdate(id, [dave.phoneJid], "reject")), 401)
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "promote")

    const rejected = await alice.socket.groupRequestParticipantsUpdate(id, [dave.lid], "reject")
    assert.deepStrictEqual(rejected.map((r) => [r.jid, r.status]), [[dave.lid, "200"]])
    assert.deepStrictEqual(world.sim.control.group(id).requests, [])
    assert.isFalse(world.sim.control.group(id).participants.some((p) => p.phoneJid === dave.phoneJid))
    // Bob, an admin, is told of the request and of its rejection by Alice.
    await bob.next("joinRequests", "dave asks", (r) => r.id === id && r.action === "created")
    const told = await bob.next("joinRequests", "dave rejected", (r) => r.id === id && r.action === "rejected")
    assert.deepStrictEqual([told.author, told.participant], [alice.lid, dave.lid])
    assert.deepStrictEqual(await alice.socket.groupRequestParticipantsList(id), [])
  })

  it("pending requests stay when approval is turned off; an approval group's admins still add directly", async () => {
    const alice = world.client("alice")
    const carol = world.client("carol")
    const dave = world.client("dave")
    const { id } = await alice.socket.groupCreate("Toggle", [])
    await alice.socket.groupJoinApprovalMode(id, "on")
    const code = (await alice.socket.groupInviteCode(id)) ?? ""
    await dave.socket.groupAcceptInvite(code)
    await alice.socket.groupJoinApprovalMode(id, "off")
    assert.deepStrictEqual(world.sim.control.group(id).requests.map((r) => r.phoneJid), [dave.phoneJid])
    assert.deepStrictEqual((await alice.socket.groupParticipantsUpdate(id, [carol.phoneJid], "add")).map((r) => r.status), ["200"])
    // With approval off, the link joins at once (and the request is gone).
    assert.strictEqual(await dave.socket.groupAcceptInvite(code), id)
    assert.deepStrictEqual(world.sim.control.group(id).requests, [])
  })
})
