import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { type ReceivedMessage, startWaSim, type WaSim } from "@wagate/wa-sim"
import { type GroupMetadata, jidNormalizedUser, WAMessageAddressingMode, WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions, TestGroups } from "./support/messages.ts"

const lidOf = (phone: string): string => `${simulatedLidNumber(phone)}@lid`

const group = (id: string, addressingMode: "pn" | "lid", members: ReadonlyArray<string>): GroupMetadata => ({
  id,
  subject: id,
  owner: undefined,
  addressingMode: addressingMode === "lid" ? WAMessageAddressingMode.LID : WAMessageAddressingMode.PN,
  participants: members.map((phone) =>
    addressingMode === "lid"
      ? { id: lidOf(phone), phoneNumber: `${phone}@s.whatsapp.net` }
      : { id: `${phone}@s.whatsapp.net`, lid: lidOf(phone) }
  )
})

describe("group messages from a client", () => {
  let sim: WaSim
  let alice: TestClient
  let events: MessageEvents
  let alicePhone: string
  const groups = new TestGroups()

  /** What a member's phone received in the group, once `count` messages are there. */
  const inGroup = (phone: string, groupJid: string, count: number): Promise<ReadonlyArray<ReceivedMessage>> =>
    eventually(`${count} group messages at ${phone}`, () => {
      const found = sim.control.messages({ jid: phone }).filter((m) => m.chat === groupJid)
      return found.length >= count ? found : undefined
    })

  /** Defines a group whose members exist (a LID names only an account that exists, as on WhatsApp). */
  const defineGroup = (id: string, addressingMode: "pn" | "lid", members: ReadonlyArray<string>, options?: { readonly serverKnows?: boolean }) => {
    for (const phone of members) sim.control.messages({ jid: phone })
    groups.define(group(id, addressingMode, members), options)
  }

  beforeAll(async () => {
    sim = await startWaSim({ groups: groups.directory })
    trustSimulator(sim)
    // Baileys reads the group's participants from `cachedGroupMetadata`, so it sends without a `w:g2` query.
    alice = await pairClient(sim, "alice", { ...messagingOptions, cachedGroupMetadata: groups.cached })
    events = messageEvents(alice)
    alicePhone = jidNormalizedUser(alice.auth.creds.me!.id).split("@")[0]!
  })
  afterAll(async () => {
    alice.end()
    await sim.close()
  })

  it("text with mentions, poll, location and contact to a LID-addressed group arrive at every member's phone", async () => {
    const jid = "120363000000000001@g.us"
    defineGroup(jid, "lid", [alicePhone, "15550002001", "15550002002"])
    const text = await alice.socket.sendMessage(jid, { text: "hi @15550002001", mentions: [lidOf("15550002001")] })
    const poll = await alice.socket.sendMessage(jid, { poll: { name: "When?", values: ["today", "tomorrow"], selectableCount: 1 } })
    const location = await alice.socket.sendMessage(jid, { location: { degreesLatitude: 48.8584, degreesLongitude: 2.2945 } })
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Dan\nEND:VCARD"
    const contact = await alice.socket.sendMessage(jid, { contacts: { contacts: [{ displayName: "Dan", vcard }] } })
    for (const member of ["15550002001", "15550002002"]) {
      const received = await inGroup(member, jid, 4)
      assert.deepStrictEqual(received.map((m) => m.id), [text, poll, location, contact].map((sent) => sent?.key.id))
      const [first, second, third, fourth] = received
      assert.deepStrictEqual(first?.content, { kind: "text", text: "hi @15550002001", mentions: [lidOf("15550002001")] })
      assert.strictEqual(first?.sender, `${alicePhone}@s.whatsapp.net`)
      assert.strictEqual(first?.senderDevice, alice.auth.creds.me!.id)
      assert.deepStrictEqual(second?.content, {
        kind: "poll",
        name: "When?",
        options: ["today", "tomorrow"],
        selectableCount: 1,
        messageSecret: Buffer.from(poll!.message!.messageContextInfo!.messageSecret!).toString("base64")
      })
      assert.deepStrictEqual(third?.content, { kind: "location", latitude: 48.8584, longitude: 2.2945, name: undefined, address: undefined })
      assert.deepStrictEqual(fourth?.content, { kind: "contacts", contacts: [{ displayName: "Dan", vcard }] })
    }
    // Alice's own phone is a member too: it gets the messages as her own.
    const own = await inGroup(alicePhone, jid, 4)
    assert.isTrue(own.every((m) => m.fromMe))
  })

  it("a phone-number-addressed group works the same way", async () => {
    const jid = "120363000000000002@g.us"
    defineGroup(jid, "pn", [alicePhone, "15550002003"])
    const sent = await alice.socket.sendMessage(jid, { text: "pn group" })
    const [received] = await inGroup("15550002003", jid, 1)
    assert.strictEqual(received?.id, sent?.key.id)
    assert.deepStrictEqual(received?.content, { kind: "text", text: "pn group", mentions: [] })
  })

  it("a member added later gets the sender key with the next message", async () => {
    const jid = "120363000000000003@g.us"
    defineGroup(jid, "lid", [alicePhone, "15550002004"])
    await alice.socket.sendMessage(jid, { text: "before" })
    await inGroup("15550002004", jid, 1)
    defineGroup(jid, "lid", [alicePhone, "15550002004", "15550002005"])
    const after = await alice.socket.sendMessage(jid, { text: "after" })
    const [late] = await inGroup("15550002005", jid, 1)
    assert.strictEqual(late?.id, after?.key.id)
    assert.deepStrictEqual(late?.content, { kind: "text", text: "after", mentions: [] })
    const early = await inGroup("15550002004", jid, 2)
    assert.deepStrictEqual(early.map((m) => m.content.kind === "text" ? m.content.text : ""), ["before", "after"])
  })

  it("each member's phone sends its receipts: message-receipt.update per participant", async () => {
    const jid = "120363000000000004@g.us"
    defineGroup(jid, "lid", [alicePhone, "15550002006", "15550002007"])
    const sent = await alice.socket.sendMessage(jid, { text: "read me" })
    await events.until("read receipts from both members", () => {
      const readers = events.receipts.filter((r) => r.key.id === sent?.key.id && r.receipt.readTimestamp !== undefined)
      return new Set(readers.map((r) => r.receipt.userJid)).size === 2
    })
    const readers = events.receipts.filter((r) => r.key.id === sent?.key.id && r.receipt.readTimestamp !== undefined)
    assert.sameMembers([...new Set(readers.map((r) => r.receipt.userJid))], [lidOf("15550002006"), lidOf("15550002007")])
    assert.isTrue(readers.every((r) => r.key.remoteJid === jid && r.key.fromMe === true))
  })

  it("a send to a group the sender is not in is acked 403, a group that does not exist 404: status ERROR", async () => {
    const jid = "120363000000000005@g.us"
    defineGroup(jid, "lid", ["15550002008", "15550002009"])
    const outsider = await alice.socket.sendMessage(jid, { text: "let me in" })
    defineGroup("120363000000000099@g.us", "lid", [alicePhone], { serverKnows: false })
    const missing = await alice.socket.sendMessage("120363000000000099@g.us", { text: "anyone?" })
    await events.until("two errors", () =>
      [outsider, missing].every((sent) => events.updates.some((u) => u.key.id === sent?.key.id && u.update.status === WAMessageStatus.ERROR))
    )
    const codes = [outsider, missing].map((sent) => events.updates.find((u) => u.key.id === sent?.key.id)?.update.messageStubParameters)
    assert.deepStrictEqual(codes, [["403"], ["404"]])
  })
})
