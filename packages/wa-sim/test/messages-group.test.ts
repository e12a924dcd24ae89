import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { type ReceivedMessage, startWaSim, type WaSim } from "@wagate/wa-sim"
import { type GroupMetadata, jidNormalizedUser, WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { iqErrorCode } from "./support/groups.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"
import { rejection } from "./support/rejection.ts"

const lidOf = (phone: string): string => `${simulatedLidNumber(phone)}@lid`
const pn = (phone: string): string => `${phone}@s.whatsapp.net`

describe("group messages from a client, to groups of the simulator's model", () => {
  let sim: WaSim
  /** Sends without a group cache: Baileys asks `w:g2` for the group's metadata at every send. */
  let alice: TestClient
  /** Sends as the gateway does, with `cachedGroupMetadata` (filled from what it learnt): no metadata query. */
  let bob: TestClient
  let aliceEvents: MessageEvents
  let bobEvents: MessageEvents
  let alicePhone: string
  let bobPhone: string
  const bobCache = new Map<string, GroupMetadata>()
  /** The groups bob's client looked up in its cache (Baileys sends without a `w:g2` query when it finds one). */
  const bobCacheReads: Array<string> = []

  /** What a member's phone received in the group, once `count` messages are there. */
  const inGroup = (phone: string, groupJid: string, count: number): Promise<ReadonlyArray<ReceivedMessage>> =>
    eventually(`${count} group messages at ${phone}`, () => {
      const found = sim.control.messages({ jid: phone }).filter((m) => m.chat === groupJid)
      return found.length >= count ? found : undefined
    })

  /** The ack error Baileys turned into `messages.update` status ERROR for a sent message. */
  const ackError = async (events: MessageEvents, id: string | null | undefined): Promise<ReadonlyArray<string> | null | undefined> => {
    await events.until(`an error for ${id}`, () => events.updates.some((u) => u.key.id === id && u.update.status === WAMessageStatus.ERROR))
    return events.updates.find((u) => u.key.id === id && u.update.status === WAMessageStatus.ERROR)?.update.messageStubParameters
  }

  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "alice", messagingOptions)
    bob = await pairClient(sim, "bob", {
      ...messagingOptions,
      cachedGroupMetadata: (jid) => {
        bobCacheReads.push(jid)
        return Promise.resolve(bobCache.get(jid))
      }
    })
    aliceEvents = messageEvents(alice)
    bobEvents = messageEvents(bob)
    alicePhone = jidNormalizedUser(alice.auth.creds.me!.id).split("@")[0]!
    bobPhone = jidNormalizedUser(bob.auth.creds.me!.id).split("@")[0]!
  })
  afterAll(async () => {
    alice.end()
    bob.end()
    await sim.close()
  })

  it("text with mentions, poll, location and contact to a LID-addressed group made by groupCreate arrive at every member's phone", async () => {
    const group = await alice.socket.groupCreate("everything", ["15550002001", "15550002002"].map(pn))
    assert.strictEqual(group.addressingMode, "lid")
    const jid = group.id
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
      assert.strictEqual(first?.sender, pn(alicePhone))
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
    sim.control.setGroupAddressing({ sessionId: "alice", mode: "pn" })
    const group = await alice.socket.groupCreate("by number", [pn("15550002003")]).finally(() =>
      sim.control.setGroupAddressing({ sessionId: "alice", mode: "lid" })
    )
    assert.strictEqual(group.addressingMode, "pn")
    const sent = await alice.socket.sendMessage(group.id, { text: "pn group" })
    const [received] = await inGroup("15550002003", group.id, 1)
    assert.strictEqual(received?.id, sent?.key.id)
    assert.deepStrictEqual(received?.content, { kind: "text", text: "pn group", mentions: [] })
  })

  it("a member added later (groupParticipantsUpdate) gets the sender key with the next message; a removed one no more", async () => {
    const group = await alice.socket.groupCreate("growing", [pn("15550002004"), pn("15550002006")])
    const before = await alice.socket.sendMessage(group.id, { text: "before" })
    await inGroup("15550002004", group.id, 1)
    await alice.socket.groupParticipantsUpdate(group.id, [pn("15550002005")], "add")
    await alice.socket.groupParticipantsUpdate(group.id, [pn("15550002006")], "remove")
    const after = await alice.socket.sendMessage(group.id, { text: "after" })
    const [late] = await inGroup("15550002005", group.id, 1)
    assert.strictEqual(late?.id, after?.key.id)
    assert.deepStrictEqual(late?.content, { kind: "text", text: "after", mentions: [] })
    const early = await inGroup("15550002004", group.id, 2)
    assert.deepStrictEqual(early.map((m) => m.content.kind === "text" ? m.content.text : ""), ["before", "after"])
    // The removed member's phone got only what was sent while it was in.
    assert.deepStrictEqual(sim.control.messages({ jid: "15550002006" }).filter((m) => m.chat === group.id).map((m) => m.id), [before?.key.id])
  })

  it("each member's phone sends its receipts: message-receipt.update per participant", async () => {
    const group = await alice.socket.groupCreate("receipts", [pn("15550002006"), pn("15550002007")])
    const sent = await alice.socket.sendMessage(group.id, { text: "read me" })
    const readersOf = () =>
      new Set(aliceEvents.receipts.filter((r) => r.key.id === sent?.key.id && r.receipt.readTimestamp !== undefined).map((r) => r.receipt.userJid))
    await aliceEvents.until("read receipts from both members", () => readersOf().size === 2)
    assert.sameMembers([...readersOf()], [lidOf("15550002006"), lidOf("15550002007")])
  })

  it("a send to a group the sender left is acked 403: status ERROR", async () => {
    const group = await alice.socket.groupCreate("left", [pn("15550002008")])
    bobCache.set(group.id, group)
    await alice.socket.groupLeave(group.id)
    // Bob's stale cache says he is a member of a group he was never in: the server knows better.
    const outsider = await bob.socket.sendMessage(group.id, { text: "let me in" })
    assert.deepStrictEqual(await ackError(bobEvents, outsider?.key.id), ["403"])
    assert.deepStrictEqual(sim.control.messages({ jid: "15550002008" }).filter((m) => m.chat === group.id), [])
    // Without a cache, Baileys asks for the metadata first, which the model refuses (not a member: 403).
    assert.strictEqual(await iqErrorCode(alice.socket.sendMessage(group.id, { text: "still there?" })), 403)
  })

  it("a group that does not exist: a cached client's send is acked 404", async () => {
    const ghost = "120363999999999999@g.us"
    bobCache.set(ghost, { id: ghost, subject: "ghost", owner: undefined, participants: [{ id: lidOf(bobPhone), phoneNumber: pn(bobPhone) }] })
    const missing = await bob.socket.sendMessage(ghost, { text: "anyone?" })
    assert.deepStrictEqual(await ackError(bobEvents, missing?.key.id), ["404"])
  })

  it("with cachedGroupMetadata (as the gateway sends), a stale cache: the server fans out to the model's members", async () => {
    const group = await alice.socket.groupCreate("cached", [pn(bobPhone), pn("15550002009")])
    bobCache.set(group.id, group)
    await alice.socket.groupParticipantsUpdate(group.id, [pn("15550002010")], "add")
    // Bob's cache is stale (it lacks the newcomer); the server still delivers to every member of the model.
    const sent = await bob.socket.sendMessage(group.id, { text: "from the cache" })
    for (const member of ["15550002009", alicePhone]) {
      const [received] = await inGroup(member, group.id, 1)
      assert.strictEqual(received?.id, sent?.key.id)
      assert.strictEqual(received?.sender, pn(bobPhone))
    }
    const atAlice = await aliceEvents.message("bob's text at alice's client", (m) => m.key.id === sent?.key.id)
    assert.strictEqual(atAlice.key.remoteJid, group.id)
    assert.include(bobCacheReads, group.id)
    // The newcomer's phone was not in bob's cache, so it got no sender key: it records the message as undecryptable.
    const [late] = await inGroup("15550002010", group.id, 1)
    assert.strictEqual(late?.content.kind, "undecryptable")
  })

  it("in an announcement group only admins send: a member's send is acked 403, an admin's goes through", async () => {
    const group = await alice.socket.groupCreate("announcements", [pn(bobPhone), pn("15550002011")])
    await alice.socket.groupSettingUpdate(group.id, "announcement")
    bobCache.set(group.id, await alice.socket.groupMetadata(group.id))
    const refused = await bob.socket.sendMessage(group.id, { text: "may I?" })
    assert.deepStrictEqual(await ackError(bobEvents, refused?.key.id), ["403"])
    const allowed = await alice.socket.sendMessage(group.id, { text: "news" })
    const [received] = await inGroup("15550002011", group.id, 1)
    assert.strictEqual(received?.id, allowed?.key.id)
    // A phone is held to the same rule (control send: 409 for a member who may not send).
    assert.strictEqual((await rejection(() => sim.control.send({ from: "15550002011", group: group.id, content: { text: "me too" } }))).code, "conflict")
    await alice.socket.groupParticipantsUpdate(group.id, [pn(bobPhone)], "promote")
    const promoted = await bob.socket.sendMessage(group.id, { text: "now I may" })
    const [, second] = await inGroup("15550002011", group.id, 2)
    assert.strictEqual(second?.id, promoted?.key.id)
  })
})
