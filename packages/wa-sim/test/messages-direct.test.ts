import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { type ReceivedMessage, startWaSim, type WaSim } from "@wagate/wa-sim"
import { jidNormalizedUser, WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"

/** The first message a phone received that matches, once it has. */
const arrived = (sim: WaSim, jid: string, matches: (message: ReceivedMessage) => boolean = () => true) =>
  eventually(`a message at ${jid}`, () => sim.control.messages({ jid }).find(matches))

describe("direct messages from a client to virtual users", () => {
  let sim: WaSim
  let alice: TestClient
  let events: MessageEvents
  let aliceJid: string
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "alice", messagingOptions)
    events = messageEvents(alice)
    aliceJid = jidNormalizedUser(alice.auth.creds.me!.id)
  })
  afterAll(async () => {
    alice.end()
    await sim.close()
  })

  it("a text with mentions arrives decrypted at the user's phone, from alice's device", async () => {
    const sent = await alice.socket.sendMessage("15550001001@s.whatsapp.net", {
      text: "hello @15550001002",
      mentions: ["15550001002@s.whatsapp.net"]
    })
    const received = await arrived(sim, "15550001001", (m) => m.id === sent?.key.id)
    assert.deepStrictEqual(received.content, { kind: "text", text: "hello @15550001002", mentions: ["15550001002@s.whatsapp.net"] })
    assert.strictEqual(received.chat, aliceJid)
    assert.strictEqual(received.sender, aliceJid)
    assert.strictEqual(received.senderLid, `${simulatedLidNumber(aliceJid.split("@")[0]!)}@lid`)
    assert.strictEqual(received.senderDevice, alice.auth.creds.me!.id)
    assert.isFalse(received.fromMe)
    assert.strictEqual(received.type, "text")
  })

  it("a poll arrives with its options and the message secret the client made", async () => {
    const sent = await alice.socket.sendMessage("15550001003@s.whatsapp.net", {
      poll: { name: "Lunch?", values: ["pizza", "sushi", "salad"], selectableCount: 1 }
    })
    const received = await arrived(sim, "15550001003", (m) => m.id === sent?.key.id)
    const secret = sent?.message?.messageContextInfo?.messageSecret
    assert.isDefined(secret)
    assert.deepStrictEqual(received.content, {
      kind: "poll",
      name: "Lunch?",
      options: ["pizza", "sushi", "salad"],
      selectableCount: 1,
      messageSecret: Buffer.from(secret!).toString("base64")
    })
    assert.strictEqual(received.type, "poll")
  })

  it("a location and a contact card arrive as sent", async () => {
    const location = await alice.socket.sendMessage("15550001004@s.whatsapp.net", {
      location: { degreesLatitude: 52.52, degreesLongitude: 13.405, name: "Alexanderplatz", address: "Berlin" }
    })
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Carol\nTEL;type=CELL;waid=15550009999:+1 555 000 9999\nEND:VCARD"
    const contact = await alice.socket.sendMessage("15550001004@s.whatsapp.net", {
      contacts: { displayName: "Carol", contacts: [{ displayName: "Carol", vcard }] }
    })
    const first = await arrived(sim, "15550001004", (m) => m.id === location?.key.id)
    assert.deepStrictEqual(first.content, { kind: "location", latitude: 52.52, longitude: 13.405, name: "Alexanderplatz", address: "Berlin" })
    const second = await arrived(sim, "15550001004", (m) => m.id === contact?.key.id)
    assert.deepStrictEqual(second.content, { kind: "contacts", contacts: [{ displayName: "Carol", vcard }] })
    assert.strictEqual(second.type, "media", "a contact card goes as media (mediatype vcard), as Baileys sends it")
    assert.deepStrictEqual(
      sim.control.messages({ jid: "15550001004" }).map((m) => m.id),
      [location?.key.id, contact?.key.id],
      "in the order sent"
    )
  })

  it("alice's own phone gets the device-sent copy of what she sends", async () => {
    const sent = await alice.socket.sendMessage("15550001005@s.whatsapp.net", { text: "a copy for my phone" })
    const copy = await arrived(sim, aliceJid, (m) => m.id === sent?.key.id)
    assert.isTrue(copy.fromMe)
    assert.strictEqual(copy.chat, "15550001005@s.whatsapp.net")
    assert.deepStrictEqual(copy.content, { kind: "text", text: "a copy for my phone", mentions: [] })
  })

  it("a second message to the same user goes over the established session", async () => {
    const first = await alice.socket.sendMessage("15550001006@s.whatsapp.net", { text: "one" })
    const second = await alice.socket.sendMessage("15550001006@s.whatsapp.net", { text: "two" })
    await arrived(sim, "15550001006", (m) => m.id === second?.key.id)
    assert.deepStrictEqual(
      sim.control.messages({ jid: "15550001006" }).map((m) => [m.id, m.content.kind === "text" ? m.content.text : ""]),
      [[first?.key.id, "one"], [second?.key.id, "two"]]
    )
  })

  it("a message to a number not on WhatsApp (000…) is acked with an error: status ERROR", async () => {
    const sent = await alice.socket.sendMessage("000555000111@s.whatsapp.net", { text: "anyone?" })
    await events.until("status ERROR", () =>
      events.updates.some((u) => u.key.id === sent?.key.id && u.update.status === WAMessageStatus.ERROR)
    )
    const update = events.updates.find((u) => u.key.id === sent?.key.id)
    assert.deepStrictEqual(update?.update.messageStubParameters, ["404"])
  })
})
