import { assert, describe, it } from "@effect/vitest"
import type { WaSim } from "@wagate/wa-sim"
import type { BinaryNode } from "@whiskeysockets/baileys"
import { disconnect, type GroupClient, pairGroupClient, reconnect, sharedWorld } from "./support/groups.ts"

const VIRTUAL = "15550300001@s.whatsapp.net"

const changeOf = (notification: BinaryNode): string | undefined =>
  Array.isArray(notification.content) ? notification.content[0]?.tag : undefined

/** Polls the control API until the device acked everything pushed to it (the client acks after processing). */
const allAcked = async (sim: WaSim, client: GroupClient): Promise<void> => {
  const deadline = Date.now() + 10_000
  const device = client.auth.creds.me?.id ?? ""
  while (sim.control.devices().find((d) => d.jid === device)?.unacked !== 0) {
    if (Date.now() > deadline) throw new Error(`${device} did not ack its notifications`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("w:gp2 notifications", () => {
  const world = sharedWorld("alice", "bob")

  it("carry the group, the author (LID and phone), a time and an id, and the client acks them", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const { id } = await alice.socket.groupCreate("Wire", [bob.phoneJid])
    await alice.socket.groupUpdateSubject(id, "Wire 2")
    const notification = await bob.next("notifications", "subject", (n) => n.attrs["from"] === id && changeOf(n) === "subject")
    assert.include(notification.attrs, { type: "w:gp2", participant: alice.lid, participant_pn: alice.phoneJid, addressing_mode: "lid" })
    assert.match(notification.attrs["t"] ?? "", /^\d+$/)
    assert.match(notification.attrs["id"] ?? "", /^\d+$/)
    await allAcked(world.sim, bob)
  })

  it("a member offline during changes gets them at its next login, in order, as Baileys events", async () => {
    const alice = world.client("alice")
    await disconnect(world.client("bob"))
    const { id } = await alice.socket.groupCreate("While you were away", [world.client("bob").phoneJid])
    await alice.socket.groupUpdateSubject(id, "Renamed")
    const [added] = await alice.socket.groupParticipantsUpdate(id, [VIRTUAL], "add")
    await alice.socket.groupParticipantsUpdate(id, [world.client("bob").phoneJid], "promote")
    await alice.socket.groupSettingUpdate(id, "announcement")
    await alice.socket.groupUpdateDescription(id, "Read me")

    const bob = await reconnect(world.sim, world.client("bob"))
    world.replace("bob", bob)
    const offline = await bob.next("offline", "end of the offline batch")
    const mine = bob.seen.notifications.filter((n) => n.attrs["from"] === id)
    assert.deepStrictEqual(mine.map(changeOf), ["create", "subject", "add", "promote", "announcement", "description"])
    assert.strictEqual(offline.content && Array.isArray(offline.content) ? offline.content[0]?.attrs["count"] : undefined, "6")

    const created = await bob.next("upserts", "created while away", (g) => g.id === id)
    assert.strictEqual(created.subject, "While you were away")
    await bob.next("updates", "renamed", (u) => u.id === id && u.subject === "Renamed")
    const add = await bob.next("participants", "added", (u) => u.id === id && u.action === "add")
    assert.deepStrictEqual(add.participants.map((p) => p.id), [added?.content?.attrs["lid"]])
    const promote = await bob.next("participants", "promoted", (u) => u.id === id && u.action === "promote")
    assert.deepStrictEqual(promote.participants.map((p) => p.id), [bob.lid])
    assert.strictEqual(promote.author, alice.lid)
    // Baileys buffers events while it catches up, and its buffer keeps only the first groups.update per group
    // (Utils/event-buffer.js, `append` 'groups.update'): the later changes are in the notifications above and in
    // the group's metadata, which is what a client reads after a login.
    const meta = await bob.socket.groupMetadata(id)
    assert.deepStrictEqual([meta.subject, meta.announce, meta.desc], ["Renamed", true, "Read me"])

    // Once acked, nothing is delivered again at the following login.
    await allAcked(world.sim, bob)
    await disconnect(bob)
    const again = await reconnect(world.sim, bob)
    world.replace("bob", again)
    const second = await again.next("offline", "end of the second offline batch")
    assert.strictEqual(Array.isArray(second.content) ? second.content[0]?.attrs["count"] : undefined, "0")
    assert.deepStrictEqual(again.seen.notifications, [])
  })

  it("go to the author's other devices too, never back to the device that made the change", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const second = await pairGroupClient(world.sim, "alice")
    try {
      assert.strictEqual(second.phoneJid, alice.phoneJid)
      const { id } = await alice.socket.groupCreate("Two devices", [bob.phoneJid])
      await second.next("upserts", "created on the other device", (g) => g.id === id)
      await alice.socket.groupUpdateSubject(id, "Seen twice")
      const update = await second.next("updates", "subject on the other device", (u) => u.id === id && u.subject === "Seen twice")
      assert.strictEqual(update.author, alice.lid)
      await bob.next("updates", "subject on bob", (u) => u.id === id && u.subject === "Seen twice")
      // Notifications are written before the IQ's answer, so any for the acting device would be here by now.
      assert.deepStrictEqual(alice.seen.notifications.filter((n) => n.attrs["from"] === id), [])
    } finally {
      second.end()
    }
  })
})
