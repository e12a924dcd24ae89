import { assert, describe, it } from "@effect/vitest"
import { groupIq, iqErrorCode, sharedWorld } from "./support/groups.ts"

const VIRTUAL = "15550100001@s.whatsapp.net"
const PRIVATE = "99950100002@s.whatsapp.net"
const NOT_ON_WHATSAPP = "00050100003@s.whatsapp.net"

describe("creating groups and reading them", () => {
  const world = sharedWorld("alice", "bob", "carol")

  it("groupCreate answers the new group as WhatsApp does: LID-addressed, the creator superadmin, both twins of each member", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const meta = await alice.socket.groupCreate("Team", [bob.phoneJid, VIRTUAL])
    assert.match(meta.id, /^120363\d{12}@g\.us$/)
    assert.strictEqual(meta.subject, "Team")
    assert.strictEqual(meta.addressingMode, "lid")
    assert.strictEqual(meta.owner, alice.lid)
    assert.strictEqual(meta.ownerPn, alice.phoneJid)
    assert.strictEqual(meta.subjectOwner, alice.lid)
    assert.strictEqual(meta.size, 3)
    assert.deepStrictEqual(meta.participants.map((p) => [p.id, p.phoneNumber, p.admin]), [
      [alice.lid, alice.phoneJid, "superadmin"],
      [bob.lid, bob.phoneJid, null],
      [meta.participants[2]?.id, VIRTUAL, null]
    ])
    assert.match(meta.participants[2]?.id ?? "", /^\d+@lid$/)
    assert.isFalse(meta.announce)
    assert.isFalse(meta.restrict)
    assert.isFalse(meta.joinApprovalMode)
    assert.isFalse(meta.memberAddMode)

    const model = world.sim.control.group(meta.id)
    assert.strictEqual(model.addressingMode, "lid")
    assert.strictEqual(model.creator, alice.phoneJid)
    assert.deepStrictEqual(model.participants.map((p) => [p.jid, p.phoneJid, p.role]), [
      [alice.lid, alice.phoneJid, "superadmin"],
      [bob.lid, bob.phoneJid, "member"],
      [meta.participants[2]?.id, VIRTUAL, "member"]
    ])
  })

  it("the other members' devices get the new group (groups.upsert), the creator's own device does not", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const meta = await alice.socket.groupCreate("Announced", [bob.phoneJid])
    const upsert = await bob.next("upserts", "the new group", (g) => g.id === meta.id)
    assert.strictEqual(upsert.subject, "Announced")
    assert.strictEqual(upsert.author, alice.lid)
    assert.deepStrictEqual(upsert.participants.map((p) => p.id), [alice.lid, bob.lid])
    // Notifications are written before the IQ's answer: none reached the device that created the group.
    assert.isFalse(alice.seen.notifications.some((n) => n.attrs["from"] === meta.id))
  })

  it("participants that cannot be added are in the reply with their code, and not in the group", async () => {
    const alice = world.client("alice")
    const reply = await groupIq(alice, "@g.us", "set", [{
      tag: "create",
      attrs: { subject: "Some refuse", key: "KEY1" },
      content: [PRIVATE, NOT_ON_WHATSAPP].map((jid) => ({ tag: "participant", attrs: { jid } }))
    }])
    const group = Array.isArray(reply.content) ? reply.content.find((c) => c.tag === "group") : undefined
    const participants = Array.isArray(group?.content) ? group.content.filter((c) => c.tag === "participant") : []
    assert.deepStrictEqual(participants.map((p) => [p.attrs["jid"], p.attrs["error"]]), [
      [alice.lid, undefined],
      [PRIVATE, "403"],
      [NOT_ON_WHATSAPP, "404"]
    ])
    const invite = participants[1]?.content
    const addRequest = Array.isArray(invite) ? invite[0] : undefined
    assert.strictEqual(addRequest?.tag, "add_request")
    assert.strictEqual(group?.attrs["size"], "1")
    const model = world.sim.control.group(`${group?.attrs["id"]}@g.us`)
    assert.deepStrictEqual(model.participants.map((p) => p.phoneJid), [alice.phoneJid])
    assert.deepStrictEqual(model.addRequests.map((r) => [r.phoneJid, r.code]), [[PRIVATE, addRequest?.attrs["code"]]])
  })

  it("takes the settings a create can carry (whatsmeow sends them): announce, locked, member-add mode, approval, ephemeral", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const reply = await groupIq(alice, "@g.us", "set", [{
      tag: "create",
      attrs: { subject: "Configured" },
      content: [
        { tag: "participant", attrs: { jid: bob.phoneJid } },
        { tag: "member_add_mode", attrs: {}, content: "all_member_add" },
        { tag: "locked", attrs: {} },
        { tag: "announcement", attrs: {} },
        { tag: "ephemeral", attrs: { expiration: "86400", trigger: "1" } },
        { tag: "membership_approval_mode", attrs: {}, content: [{ tag: "group_join", attrs: { state: "on" } }] }
      ]
    }])
    const id = Array.isArray(reply.content) ? reply.content[0]?.attrs["id"] : undefined
    const meta = await bob.socket.groupMetadata(`${id}@g.us`)
    assert.isTrue(meta.announce)
    assert.isTrue(meta.restrict)
    assert.isTrue(meta.memberAddMode)
    assert.isTrue(meta.joinApprovalMode)
    assert.strictEqual(meta.ephemeralDuration, 86400)
    assert.include(world.sim.control.group(meta.id), {
      announce: true,
      locked: true,
      memberAddMode: "all_member_add",
      joinApproval: true,
      ephemeral: 86400
    })
  })

  it("groupMetadata: a member reads the group, a non-member gets 403, an unknown group 404", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const created = await alice.socket.groupCreate("Private", [bob.phoneJid])
    const read = await bob.socket.groupMetadata(created.id)
    assert.deepStrictEqual({ ...read, participants: read.participants }, { ...created, participants: created.participants })
    assert.strictEqual(await iqErrorCode(carol.socket.groupMetadata(created.id)), 403)
    assert.strictEqual(await iqErrorCode(carol.socket.groupMetadata("120363000000000000@g.us")), 404)
  })

  it("groupFetchAllParticipating lists exactly the groups the account is in", async () => {
    const alice = world.client("alice")
    const carol = world.client("carol")
    const mine = await carol.socket.groupCreate("Carol's", [alice.phoneJid])
    const all = await carol.socket.groupFetchAllParticipating()
    const expected = world.sim.control.groups({ sessionId: "carol" }).map((g) => g.jid)
    assert.include(expected, mine.id)
    assert.deepStrictEqual(Object.keys(all).sort(), [...expected].sort())
    assert.strictEqual(all[mine.id]?.subject, "Carol's")
    const alices = await alice.socket.groupFetchAllParticipating()
    assert.deepStrictEqual(Object.keys(alices).sort(), world.sim.control.groups({ sessionId: "alice" }).map((g) => g.jid).sort())
  })

  it("a phone-addressed group (chosen through control) names members by phone JID with their LID", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    world.sim.control.setGroupAddressing({ sessionId: "bob", mode: "pn" })
    try {
      const meta = await bob.socket.groupCreate("Old style", [alice.phoneJid])
      assert.strictEqual(meta.addressingMode, "pn")
      assert.strictEqual(meta.owner, bob.phoneJid)
      assert.deepStrictEqual(meta.participants.map((p) => [p.id, p.lid, p.admin]), [
        [bob.phoneJid, bob.lid, "superadmin"],
        [alice.phoneJid, alice.lid, null]
      ])
      const upsert = await alice.next("upserts", "the pn group", (g) => g.id === meta.id)
      assert.strictEqual(upsert.author, bob.phoneJid)
      assert.deepStrictEqual(world.sim.control.group(meta.id).participants.map((p) => p.jid), [bob.phoneJid, alice.phoneJid])
      // Alice did not choose: her groups stay LID-addressed.
      assert.strictEqual((await alice.socket.groupCreate("New style", [])).addressingMode, "lid")
    } finally {
      world.sim.control.setGroupAddressing({ sessionId: "bob", mode: "lid" })
    }
  })

  it("refuses a malformed participant (400) and a subject over 100 characters (406)", async () => {
    const alice = world.client("alice")
    assert.strictEqual(await iqErrorCode(alice.socket.groupCreate("Bad", ["not-a-jid"])), 400)
    assert.strictEqual(await iqErrorCode(alice.socket.groupCreate("x".repeat(101), [])), 406)
  })
})
