import { assert, describe, it } from "@effect/vitest"
import { iqErrorCode, sharedWorld } from "./support/groups.ts"

describe("invite links", () => {
  const world = sharedWorld("alice", "bob", "carol")

  it("an admin gets the same code until it is revoked; a member gets 401 (unless members may add), a stranger 403", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Links", [bob.phoneJid])
    const code = await alice.socket.groupInviteCode(id)
    assert.match(code ?? "", /^[A-Za-z0-9]{22}$/)
    assert.strictEqual(await alice.socket.groupInviteCode(id), code)
    assert.strictEqual(world.sim.control.group(id).inviteCode, code)
    assert.strictEqual(await iqErrorCode(bob.socket.groupInviteCode(id)), 401)
    assert.strictEqual(await iqErrorCode(bob.socket.groupRevokeInvite(id)), 401)
    assert.strictEqual(await iqErrorCode(world.client("carol").socket.groupInviteCode(id)), 403)
    await alice.socket.groupMemberAddMode(id, "all_member_add")
    assert.strictEqual(await bob.socket.groupInviteCode(id), code)
  })

  it("info shows the group without its member list; joining answers its JID, the members see the join, the joiner the group", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Open door", [bob.phoneJid])
    await alice.socket.groupUpdateDescription(id, "Come in")
    const code = (await alice.socket.groupInviteCode(id)) ?? ""
    const info = await carol.socket.groupGetInviteInfo(code)
    assert.strictEqual(info.id, id)
    assert.strictEqual(info.subject, "Open door")
    assert.strictEqual(info.desc, "Come in")
    assert.strictEqual(info.size, 2)
    assert.deepStrictEqual(info.participants, [])
    assert.strictEqual(await carol.socket.groupAcceptInvite(code), id)

    const joined = await bob.next("participants", "carol joined", (u) => u.id === id && u.action === "add")
    assert.deepStrictEqual(joined.participants.map((p) => [p.id, p.phoneNumber]), [[carol.lid, carol.phoneJid]])
    assert.notOk(joined.author, "a join by link has no author")
    const upsert = await carol.next("upserts", "the joined group", (g) => g.id === id)
    assert.deepStrictEqual(upsert.participants.map((p) => p.id), [alice.lid, bob.lid, carol.lid])
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid, bob.phoneJid, carol.phoneJid])
    // Joining again changes nothing and answers the same.
    assert.strictEqual(await carol.socket.groupAcceptInvite(code), id)
    assert.strictEqual(world.sim.control.group(id).participants.length, 3)
  })

  it("a revoked code answers 410 to info and join; a code that never existed 406", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Revoked", [bob.phoneJid])
    const old = (await alice.socket.groupInviteCode(id)) ?? ""
    const fresh = (await alice.socket.groupRevokeInvite(id)) ?? ""
    assert.notStrictEqual(fresh, old)
    assert.strictEqual(world.sim.control.group(id).inviteCode, fresh)
    // The other admins are told of the new link (Baileys: groups.update inviteCode); Bob is no admin.
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "promote")
    const newest = (await alice.socket.groupRevokeInvite(id)) ?? ""
    await bob.next("updates", "invite code", (u) => u.id === id && u.inviteCode === newest)
    assert.strictEqual(await iqErrorCode(carol.socket.groupGetInviteInfo(old)), 410)
    assert.strictEqual(await iqErrorCode(carol.socket.groupAcceptInvite(fresh)), 410)
    assert.strictEqual(await iqErrorCode(carol.socket.groupAcceptInvite("NeverWasACodeAtAll0000")), 406)
    assert.isFalse(world.sim.control.group(id).participants.some((p) => p.phoneJid === carol.phoneJid))
    assert.strictEqual(await carol.socket.groupAcceptInvite(newest), id)
  })
})
