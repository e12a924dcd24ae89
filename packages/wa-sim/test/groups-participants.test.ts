import { assert, describe, it } from "@effect/vitest"
import { groupIq, iqErrorCode, sharedWorld } from "./support/groups.ts"

const PRIVATE = "99950200001@s.whatsapp.net"
const NOT_ON_WHATSAPP = "00050200002@s.whatsapp.net"
const VIRTUAL = "15550200003@s.whatsapp.net"

describe("adding, removing, promoting and demoting participants", () => {
  const world = sharedWorld("alice", "bob", "carol")

  it("an add answers each participant with its own code: 200, 409 already in, 404 not on WhatsApp, 403 privacy with an invite", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Adds", [bob.phoneJid])
    const results = await alice.socket.groupParticipantsUpdate(id, [VIRTUAL, bob.phoneJid, NOT_ON_WHATSAPP, PRIVATE], "add")
    assert.deepStrictEqual(results.map((r) => [r.jid, r.status]), [
      [VIRTUAL, "200"],
      [bob.phoneJid, "409"],
      [NOT_ON_WHATSAPP, "404"],
      [PRIVATE, "403"]
    ])
    const invite = results[3]?.content
    const addRequest = Array.isArray(invite?.content) ? invite.content[0] : undefined
    assert.strictEqual(addRequest?.tag, "add_request")
    assert.match(addRequest?.attrs["code"] ?? "", /^[A-Za-z0-9]{22}$/)
    // The answer gives each participant's other address too (whatsmeow `parseParticipant`).
    assert.match(results[0]?.content?.attrs["lid"] ?? "", /^\d+@lid$/)
    const model = world.sim.control.group(id)
    assert.deepStrictEqual(model.participants.map((p) => p.phoneJid), [alice.phoneJid, bob.phoneJid, VIRTUAL])
    assert.deepStrictEqual(model.addRequests.map((r) => [r.phoneJid, r.code]), [[PRIVATE, addRequest?.attrs["code"]]])
  })

  it("the other members get group-participants.update for each change, with the admin as author", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Changes", [bob.phoneJid])
    const virtual = (await alice.socket.groupParticipantsUpdate(id, [VIRTUAL], "add"))[0]?.content?.attrs["lid"]
    for (const action of ["promote", "demote", "remove"] as const) {
      assert.deepStrictEqual((await alice.socket.groupParticipantsUpdate(id, [VIRTUAL], action)).map((r) => r.status), ["200"])
    }
    for (const action of ["add", "promote", "demote", "remove"] as const) {
      const update = await bob.next("participants", action, (u) => u.id === id && u.action === action)
      assert.strictEqual(update.author, alice.lid)
      assert.deepStrictEqual(update.participants.map((p) => [p.id, p.phoneNumber]), [[virtual, VIRTUAL]])
    }
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid, bob.phoneJid])
  })

  it("promote and demote change roles in the model; 404 for someone not in the group", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Roles", [bob.phoneJid])
    const promoted = await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid, carol.phoneJid], "promote")
    assert.deepStrictEqual(promoted.map((r) => r.status), ["200", "404"])
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.role), ["superadmin", "admin"])
    const meta = await bob.socket.groupMetadata(id)
    assert.deepStrictEqual(meta.participants.map((p) => p.admin), ["superadmin", "admin"])
    assert.deepStrictEqual((await alice.socket.groupParticipantsUpdate(id, [bob.lid], "demote")).map((r) => [r.jid, r.status]), [
      [bob.lid, "200"]
    ])
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.role), ["superadmin", "member"])
  })

  it("admins are enforced: a member gets 401, a non-member 403; an admin cannot remove or demote the creator", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Guarded", [bob.phoneJid])
    for (const action of ["add", "remove", "promote", "demote"] as const) {
      assert.strictEqual(await iqErrorCode(bob.socket.groupParticipantsUpdate(id, [VIRTUAL], action)), 401, action)
      assert.strictEqual(await iqErrorCode(carol.socket.groupParticipantsUpdate(id, [VIRTUAL], action)), 403, action)
    }
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "promote")
    assert.deepStrictEqual((await bob.socket.groupParticipantsUpdate(id, [alice.phoneJid], "remove")).map((r) => r.status), ["403"])
    assert.deepStrictEqual((await bob.socket.groupParticipantsUpdate(id, [alice.phoneJid], "demote")).map((r) => r.status), ["403"])
    assert.strictEqual(world.sim.control.group(id).participants[0]?.role, "superadmin")
  })

  it("with member_add_mode all_member_add any member may add", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Open adds", [bob.phoneJid])
    await alice.socket.groupMemberAddMode(id, "all_member_add")
    assert.deepStrictEqual((await bob.socket.groupParticipantsUpdate(id, [VIRTUAL], "add")).map((r) => r.status), ["200"])
    assert.strictEqual(await iqErrorCode(bob.socket.groupParticipantsUpdate(id, [VIRTUAL], "remove")), 401)
  })

  it("leaving: the others see a remove by the leaver, an admin cannot add them back directly (408), only by invite", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Leavers", [bob.phoneJid])
    await bob.socket.groupLeave(id)
    const update = await alice.next("participants", "bob left", (u) => u.id === id && u.action === "remove")
    assert.strictEqual(update.author, bob.lid)
    assert.deepStrictEqual(update.participants.map((p) => p.id), [bob.lid])
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid])
    assert.deepStrictEqual((await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "add")).map((r) => r.status), ["408"])
    // Leaving a group one is not in: 403; a group that does not exist: 404.
    assert.strictEqual(await iqErrorCode(bob.socket.groupLeave(id)), 403)
    assert.strictEqual(await iqErrorCode(bob.socket.groupLeave("120363000000000001@g.us")), 404)
    // Removed (not left) members can be added back at once.
    const code = await alice.socket.groupInviteCode(id)
    assert.strictEqual(await bob.socket.groupAcceptInvite(code ?? ""), id)
    await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "remove")
    assert.deepStrictEqual((await alice.socket.groupParticipantsUpdate(id, [bob.phoneJid], "add")).map((r) => r.status), ["200"])
  })

  it("when the last admin leaves, the longest-standing member becomes admin and the others are told", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const { id } = await carol.socket.groupCreate("Succession", [bob.phoneJid, alice.phoneJid])
    await carol.socket.groupLeave(id)
    const promoted = await alice.next("participants", "bob promoted", (u) => u.id === id && u.action === "promote")
    assert.deepStrictEqual(promoted.participants.map((p) => p.id), [bob.lid])
    assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => [p.phoneJid, p.role]), [
      [bob.phoneJid, "admin"],
      [alice.phoneJid, "member"]
    ])
  })

  it("a privacy-refused user joins with the invite of their add request (accept v4); a revoked one no longer works", async () => {
    const alice = world.client("alice")
    const carol = world.client("carol")
    const { id } = await alice.socket.groupCreate("Invited", [])
    // Carol's number does not refuse adds; her privacy setting can (the privacy IQ sets it).
    await carol.socket.updateGroupsAddPrivacy("contacts")
    try {
      const [refused] = await alice.socket.groupParticipantsUpdate(id, [carol.phoneJid], "add")
      assert.strictEqual(refused?.status, "403")
      const addRequest = Array.isArray(refused?.content?.content) ? refused.content.content[0] : undefined
      const code = addRequest?.attrs["code"] ?? ""
      const expiration = addRequest?.attrs["expiration"] ?? "0"
      assert.strictEqual(await iqErrorCode(groupIq(carol, id, "set", [{ tag: "accept", attrs: { code: "WRONG", expiration, admin: alice.phoneJid } }])), 406)
      const preview = await groupIq(carol, id, "get", [{
        tag: "query",
        attrs: {},
        content: [{ tag: "add_request", attrs: { code, expiration, admin: alice.phoneJid } }]
      }])
      assert.strictEqual(Array.isArray(preview.content) ? preview.content[0]?.attrs["subject"] : undefined, "Invited")
      // Baileys' groupAcceptInviteV4 takes the group invite message the admin's client sent.
      const from = await carol.socket.groupAcceptInviteV4(alice.phoneJid, { groupJid: id, inviteCode: code, inviteExpiration: Number(expiration) })
      assert.strictEqual(from, id)
      assert.deepStrictEqual(world.sim.control.group(id).participants.map((p) => p.phoneJid), [alice.phoneJid, carol.phoneJid])
      assert.deepStrictEqual(world.sim.control.group(id).addRequests, [])

      await alice.socket.groupParticipantsUpdate(id, [carol.phoneJid], "remove")
      const [again] = await alice.socket.groupParticipantsUpdate(id, [carol.phoneJid], "add")
      assert.strictEqual(again?.status, "403")
      assert.isTrue(await alice.socket.groupRevokeInviteV4(id, carol.phoneJid))
      assert.deepStrictEqual(world.sim.control.group(id).addRequests, [])
    } finally {
      await carol.socket.updateGroupsAddPrivacy("all")
    }
  })
})
