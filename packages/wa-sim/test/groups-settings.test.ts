import { assert, describe, it } from "@effect/vitest"
import { groupIq, iqErrorCode, sharedWorld } from "./support/groups.ts"

describe("subject, description and settings", () => {
  const world = sharedWorld("alice", "bob", "carol")

  it("subject: any member while unlocked; the others get groups.update; 406 when empty or too long", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Before", [bob.phoneJid])
    await bob.socket.groupUpdateSubject(id, "After")
    const update = await alice.next("updates", "subject", (u) => u.id === id && u.subject === "After")
    assert.strictEqual(update.author, bob.lid)
    const meta = await alice.socket.groupMetadata(id)
    assert.strictEqual(meta.subject, "After")
    assert.strictEqual(meta.subjectOwner, bob.lid)
    assert.strictEqual(meta.subjectOwnerPn, bob.phoneJid)
    assert.include(world.sim.control.group(id), { subject: "After", subjectOwner: bob.phoneJid })
    assert.strictEqual(await iqErrorCode(alice.socket.groupUpdateSubject(id, "")), 406)
    assert.strictEqual(await iqErrorCode(alice.socket.groupUpdateSubject(id, "y".repeat(101))), 406)
    assert.strictEqual(await iqErrorCode(world.client("carol").socket.groupUpdateSubject(id, "Intruder")), 403)
  })

  it("description: set, replaced with the right prev, refused with a stale prev (409), deleted", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Described", [bob.phoneJid])
    await alice.socket.groupUpdateDescription(id, "First words")
    assert.strictEqual((await bob.next("updates", "description", (u) => u.id === id && u.desc === "First words")).author, alice.lid)
    const first = await bob.socket.groupMetadata(id)
    assert.strictEqual(first.desc, "First words")
    assert.strictEqual(first.descOwner, alice.lid)
    assert.strictEqual(first.descOwnerPn, alice.phoneJid)
    const firstId = first.descId ?? ""
    assert.strictEqual(world.sim.control.group(id).description?.id, firstId)

    // Baileys reads the current id and sends it as prev.
    await bob.socket.groupUpdateDescription(id, "Second words")
    const second = world.sim.control.group(id).description
    assert.deepStrictEqual([second?.body, second?.author], ["Second words", bob.phoneJid])
    // A client that still holds the first id is told its view is stale.
    const stale = groupIq(alice, id, "set", [{
      tag: "description",
      attrs: { id: "STALE1", prev: firstId },
      content: [{ tag: "body", attrs: {}, content: Buffer.from("Lost update") }]
    }])
    assert.strictEqual(await iqErrorCode(stale), 409)
    assert.strictEqual(world.sim.control.group(id).description?.body, "Second words")

    await alice.socket.groupUpdateDescription(id, undefined)
    await bob.next("updates", "description deleted", (u) => u.id === id && "desc" in u && u.desc === undefined)
    assert.isNull(world.sim.control.group(id).description)
    assert.isUndefined((await alice.socket.groupMetadata(id)).desc)
  })

  it("announce and locked: admins only (401 otherwise); the others get groups.update; locked keeps members from editing info", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Settings", [bob.phoneJid])
    for (const setting of ["announcement", "locked", "not_announcement", "unlocked"] as const) {
      assert.strictEqual(await iqErrorCode(bob.socket.groupSettingUpdate(id, setting)), 401, setting)
    }
    await alice.socket.groupSettingUpdate(id, "announcement")
    await bob.next("updates", "announce", (u) => u.id === id && u.announce === true)
    await alice.socket.groupSettingUpdate(id, "locked")
    await bob.next("updates", "restrict", (u) => u.id === id && u.restrict === true)
    assert.include(world.sim.control.group(id), { announce: true, locked: true })
    const meta = await bob.socket.groupMetadata(id)
    assert.isTrue(meta.announce)
    assert.isTrue(meta.restrict)
    assert.strictEqual(await iqErrorCode(bob.socket.groupUpdateSubject(id, "Mine now")), 401)
    assert.strictEqual(await iqErrorCode(bob.socket.groupUpdateDescription(id, "Mine now")), 401)

    await alice.socket.groupSettingUpdate(id, "not_announcement")
    await bob.next("updates", "announce off", (u) => u.id === id && u.announce === false)
    await alice.socket.groupSettingUpdate(id, "unlocked")
    await bob.next("updates", "restrict off", (u) => u.id === id && u.restrict === false)
    await bob.socket.groupUpdateSubject(id, "Mine now")
    assert.include(world.sim.control.group(id), { announce: false, locked: false, subject: "Mine now" })
  })

  it("member-add mode and join-approval mode: admins only; the others get groups.update", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Modes", [bob.phoneJid])
    assert.strictEqual(await iqErrorCode(bob.socket.groupMemberAddMode(id, "all_member_add")), 401)
    assert.strictEqual(await iqErrorCode(bob.socket.groupJoinApprovalMode(id, "on")), 401)
    await alice.socket.groupMemberAddMode(id, "all_member_add")
    await bob.next("updates", "member add mode", (u) => u.id === id && u.memberAddMode === true)
    await alice.socket.groupJoinApprovalMode(id, "on")
    await bob.next("updates", "join approval", (u) => u.id === id && u.joinApprovalMode === true)
    assert.include(world.sim.control.group(id), { memberAddMode: "all_member_add", joinApproval: true })
    const meta = await bob.socket.groupMetadata(id)
    assert.isTrue(meta.memberAddMode)
    assert.isTrue(meta.joinApprovalMode)
    // One change at a time: Baileys' event buffer keeps only the first groups.update per group it holds.
    await alice.socket.groupMemberAddMode(id, "admin_add")
    await bob.next("updates", "member add mode off", (u) => u.id === id && u.memberAddMode === false)
    await alice.socket.groupJoinApprovalMode(id, "off")
    await bob.next("updates", "join approval off", (u) => u.id === id && u.joinApprovalMode === false)
    assert.include(world.sim.control.group(id), { memberAddMode: "admin_add", joinApproval: false })
  })

  it("disappearing messages: on and off, in the model and the metadata", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Ephemeral", [bob.phoneJid])
    await bob.socket.groupToggleEphemeral(id, 604800)
    assert.strictEqual((await alice.socket.groupMetadata(id)).ephemeralDuration, 604800)
    assert.strictEqual(world.sim.control.group(id).ephemeral, 604800)
    await alice.next("notifications", "ephemeral", (n) => n.attrs["from"] === id &&
      Array.isArray(n.content) && n.content[0]?.tag === "ephemeral")
    await alice.socket.groupToggleEphemeral(id, 0)
    assert.strictEqual(world.sim.control.group(id).ephemeral, 0)
    assert.isUndefined((await alice.socket.groupMetadata(id)).ephemeralDuration)
  })
})
