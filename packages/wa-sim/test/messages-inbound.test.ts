import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { jidNormalizedUser } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"

describe("messages from virtual users to a client", () => {
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

  it("a text from a virtual user arrives as messages.upsert (notify), decrypted from a pkmsg", async () => {
    const { id } = await sim.control.send({ from: "15550003001", to: aliceJid, content: { text: "hi alice", mentions: [aliceJid] } })
    const message = await events.message("the text", (m) => m.key.id === id)
    assert.strictEqual(message.key.remoteJid, "15550003001@s.whatsapp.net")
    assert.isFalse(message.key.fromMe)
    assert.strictEqual(message.message?.extendedTextMessage?.text, "hi alice")
    assert.deepStrictEqual(message.message?.extendedTextMessage?.contextInfo?.mentionedJid, [aliceJid])
    assert.strictEqual(events.upserts.find((u) => u.messages.includes(message))?.type, "notify")
  })

  it("a poll, a location and a contact card arrive as Baileys builds them", async () => {
    const from = "15550003002"
    const poll = await sim.control.send({ from, to: aliceJid, content: { poll: { name: "Tea?", options: ["yes", "no"], selectableCount: 1 } } })
    const location = await sim.control.send({ from, to: aliceJid, content: { location: { latitude: 1.5, longitude: -2.25, name: "here" } } })
    const vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Eve\nEND:VCARD"
    const contact = await sim.control.send({ from, to: aliceJid, content: { contact: { displayName: "Eve", vcard } } })
    const pollMessage = await events.message("the poll", (m) => m.key.id === poll.id)
    assert.strictEqual(pollMessage.message?.pollCreationMessageV3?.name, "Tea?")
    assert.deepStrictEqual(pollMessage.message?.pollCreationMessageV3?.options?.map((o) => o.optionName), ["yes", "no"])
    assert.strictEqual(pollMessage.message?.messageContextInfo?.messageSecret?.length, 32)
    const locationMessage = await events.message("the location", (m) => m.key.id === location.id)
    assert.strictEqual(locationMessage.message?.locationMessage?.degreesLatitude, 1.5)
    assert.strictEqual(locationMessage.message?.locationMessage?.name, "here")
    const contactMessage = await events.message("the contact", (m) => m.key.id === contact.id)
    assert.strictEqual(contactMessage.message?.contactMessage?.vcard, vcard)
  })

  it("a reaction to alice's message names it", async () => {
    const sent = await alice.socket.sendMessage("15550003003@s.whatsapp.net", { text: "react to me" })
    await eventually("the text at the phone", () => sim.control.messages({ jid: "15550003003" }).find((m) => m.id === sent?.key.id))
    const { id } = await sim.control.send({ from: "15550003003", to: aliceJid, content: { reaction: { messageId: sent!.key.id!, text: "👍" } } })
    const reaction = await events.message("the reaction", (m) => m.key.id === id)
    assert.strictEqual(reaction.message?.reactionMessage?.text, "👍")
    assert.strictEqual(reaction.message?.reactionMessage?.key?.id, sent?.key.id)
    assert.isTrue(reaction.message?.reactionMessage?.key?.fromMe === true, "the reacted message is alice's own, from her side")
  })

  it("a message in a group arrives with the group as chat and the virtual user as participant", async () => {
    const member = "15550003004"
    const { id: jid } = await alice.socket.groupCreate("inbound", [`${member}@s.whatsapp.net`])
    const first = await sim.control.send({ from: member, group: jid, content: { text: "hello group" } })
    const second = await sim.control.send({ from: member, group: jid, content: { text: "again, sender key known" } })
    const message = await events.message("the group text", (m) => m.key.id === first.id)
    assert.strictEqual(message.key.remoteJid, jid)
    assert.strictEqual(message.key.participant, `${simulatedLidNumber(member)}@lid`)
    assert.strictEqual(message.key.participantAlt, `${member}@s.whatsapp.net`)
    assert.strictEqual(message.message?.conversation ?? message.message?.extendedTextMessage?.text, "hello group")
    const next = await events.message("the second group text", (m) => m.key.id === second.id)
    assert.strictEqual(next.message?.conversation ?? next.message?.extendedTextMessage?.text, "again, sender key known")
  })

  it("alice's reply reaches the virtual user's phone, and her receipts come back to it", async () => {
    const from = "15550003005"
    const { id } = await sim.control.send({ from, to: aliceJid, content: { text: "ping" } })
    const ping = await events.message("the ping", (m) => m.key.id === id)
    const pong = await alice.socket.sendMessage(`${from}@s.whatsapp.net`, { text: "pong" })
    const arrived = await eventually("pong at the phone", () => sim.control.messages({ jid: from }).find((m) => m.id === pong?.key.id))
    assert.deepStrictEqual(arrived.content, { kind: "text", text: "pong", mentions: [] })
    await alice.socket.readMessages([ping.key])
    const receipts = await eventually("delivery and read receipts", () => {
      const found = sim.control.receipts({ jid: from }).filter((r) => r.messageId === id)
      return found.some((r) => r.type === "read") ? found : undefined
    })
    // Alice's phone and her linked client each confirm delivery; the client reads.
    assert.sameDeepMembers(receipts.map((r) => [r.type, r.from, r.device, r.chat]), [
      ["delivery", aliceJid, aliceJid, aliceJid],
      ["delivery", aliceJid, alice.auth.creds.me!.id, aliceJid],
      ["read", aliceJid, alice.auth.creds.me!.id, aliceJid]
    ])
  })
})
