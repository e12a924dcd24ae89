import { assert, describe, it } from "@effect/vitest"
import type { RefusedMessage } from "@wagate/wa-sim"
import { jidNormalizedUser, proto, WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient } from "./support/client.ts"
import { eventually, messageEvents, messagingOptions } from "./support/messages.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

const { MESSAGE_EDIT, REVOKE } = proto.Message.ProtocolMessage.Type

describe("what WhatsApp refuses of a client's edits and deletes", () => {
  const world = simulatorPerTest()
  const { clients } = world

  const pair = async (sessionId: string) => {
    const client = await pairClient(world.sim, sessionId, messagingOptions)
    clients.push(client)
    return { client, events: messageEvents(client), jid: jidNormalizedUser(client.auth.creds.me!.id) }
  }
  type Party = Awaited<ReturnType<typeof pair>>

  /** The error a sent message was acked with, as Baileys reports it (`messages.update` status ERROR). */
  const ackError = async (party: Party, id: string) => {
    await party.events.until("the error ack", () => party.events.updates.some((u) => u.key.id === id && u.update.status === WAMessageStatus.ERROR))
    return party.events.updates.find((u) => u.key.id === id && u.update.status === WAMessageStatus.ERROR)?.update.messageStubParameters
  }

  const refusal = (party: Party, id: string) =>
    eventually("the refusal", () => world.sim.control.refusals({ jid: party.jid }).find((r) => r.id === id))

  it("an edit of one's own message goes through; of someone else's, or after 15 minutes, it is refused (403, 406)", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const mine = await alice.client.socket.sendMessage(bob.jid, { text: "helo" })
    await bob.events.message("the text", (m) => m.key.id === mine?.key.id)
    const edit = await alice.client.socket.sendMessage(bob.jid, { text: "hello", edit: mine!.key })
    const edited = await bob.events.message("the edit at bob", (m) => m.key.id === edit?.key.id)
    assert.strictEqual(edited.message?.protocolMessage?.type, MESSAGE_EDIT)
    assert.strictEqual(edited.message?.protocolMessage?.key?.id, mine?.key.id)

    const bobs = await bob.client.socket.sendMessage(alice.jid, { text: "bob's words" })
    const received = await alice.events.message("bob's text", (m) => m.key.id === bobs?.key.id)
    const forged = await alice.client.socket.sendMessage(bob.jid, { text: "alice's words", edit: received.key })
    assert.deepStrictEqual(await ackError(alice, forged!.key.id!), ["403"])
    assert.deepInclude(await refusal(alice, forged!.key.id!), {
      chat: bob.jid,
      error: 403,
      reason: "not_author",
      change: "edit",
      target: bobs!.key.id!
    } satisfies Partial<RefusedMessage>)

    world.sim.control.advanceClock({ seconds: 15 * 60 + 1 })
    const late = await alice.client.socket.sendMessage(bob.jid, { text: "hello!", edit: mine!.key })
    assert.deepStrictEqual(await ackError(alice, late!.key.id!), ["406"])
    assert.strictEqual((await refusal(alice, late!.key.id!)).reason, "edit_window")
    // Neither refused edit reached bob's client or his phone.
    const refused = [forged!.key.id, late!.key.id]
    assert.isFalse(bob.events.upserts.some((u) => u.messages.some((m) => refused.includes(m.key.id))))
    assert.isFalse(world.sim.control.messages({ jid: bob.jid }).some((m) => refused.includes(m.id)))
    assert.deepStrictEqual(world.sim.control.refusals({ jid: bob.jid }), [])
  })

  it("a delete for everyone of one's own message goes through; of the other's message in a direct chat it is refused", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const mine = await alice.client.socket.sendMessage(bob.jid, { text: "oops" })
    await bob.events.message("the text", (m) => m.key.id === mine?.key.id)
    const revoke = await alice.client.socket.sendMessage(bob.jid, { delete: mine!.key })
    const revoked = await bob.events.message("the revoke at bob", (m) => m.key.id === revoke?.key.id)
    assert.strictEqual(revoked.message?.protocolMessage?.type, REVOKE)
    const atPhone = await eventually("the revoke at bob's phone", () => world.sim.control.messages({ jid: bob.jid }).find((m) => m.id === revoke?.key.id))
    assert.deepStrictEqual(atPhone.content, { kind: "delete", messageId: mine!.key.id! })

    const bobs = await bob.client.socket.sendMessage(alice.jid, { text: "mine to keep" })
    const received = await alice.events.message("bob's text", (m) => m.key.id === bobs?.key.id)
    const refused = await alice.client.socket.sendMessage(bob.jid, { delete: received.key })
    assert.deepStrictEqual(await ackError(alice, refused!.key.id!), ["403"])
    assert.deepInclude(await refusal(alice, refused!.key.id!), { reason: "not_author", change: "delete", target: bobs!.key.id! })
  })

  it("in a group, a member who is not an admin may not delete another's message for everyone; an admin may", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const { id: group } = await alice.client.socket.groupCreate("moderated", [bob.jid])
    const alices = await alice.client.socket.sendMessage(group, { text: "rules" })
    const atBob = await bob.events.message("alice's group text", (m) => m.key.id === alices?.key.id)
    const notAdmin = await bob.client.socket.sendMessage(group, { delete: atBob.key })
    assert.deepStrictEqual(await ackError(bob, notAdmin!.key.id!), ["403"])
    assert.deepInclude(await refusal(bob, notAdmin!.key.id!), { chat: group, reason: "not_admin", change: "delete", target: alices!.key.id! })

    const bobs = await bob.client.socket.sendMessage(group, { text: "spam" })
    const atAlice = await alice.events.message("bob's group text", (m) => m.key.id === bobs?.key.id)
    const byAdmin = await alice.client.socket.sendMessage(group, { delete: atAlice.key })
    const revoked = await bob.events.message("the admin's revoke at bob", (m) => m.key.id === byAdmin?.key.id)
    assert.strictEqual(revoked.message?.protocolMessage?.type, REVOKE)
    assert.strictEqual(revoked.message?.protocolMessage?.key?.id, bobs?.key.id)
    assert.deepStrictEqual(world.sim.control.refusals({ jid: alice.jid }), [])
  })

  it("refusals are listed over HTTP (GET /control/refusals)", async () => {
    const alice = await pair("alice")
    const from = "15550008002"
    const { id } = await world.sim.control.send({ from, to: alice.jid, content: { text: "not yours to edit" } })
    const received = await alice.events.message("the text", (m) => m.key.id === id)
    const forged = await alice.client.socket.sendMessage(`${from}@s.whatsapp.net`, { text: "edited", edit: received.key })
    await ackError(alice, forged!.key.id!)
    const response = await fetch(`${world.sim.controlUrl}/refusals?sessionId=alice`)
    assert.strictEqual(response.status, 200)
    const body = (await response.json()) as { refusals: Array<RefusedMessage> }
    assert.deepStrictEqual(body.refusals.map(({ timestamp: _, ...rest }) => rest), [{
      id: forged!.key.id!,
      chat: `${from}@s.whatsapp.net`,
      device: alice.client.auth.creds.me!.id,
      error: 403,
      reason: "not_author",
      change: "edit",
      target: id
    }])
    assert.deepStrictEqual(world.sim.control.messages({ jid: from }).filter((m) => m.id === forged?.key.id), [])
  })

  it("the phone's records show what a client's reply quotes and who it mentions", async () => {
    const alice = await pair("alice")
    const from = "15550008001"
    const { id } = await world.sim.control.send({ from, to: alice.jid, content: { text: "question" } })
    const question = await alice.events.message("the question", (m) => m.key.id === id)
    const reply = await alice.client.socket.sendMessage(`${from}@s.whatsapp.net`, { text: "answer @x", mentions: [`${from}@s.whatsapp.net`] }, { quoted: question })
    const atPhone = await eventually("the reply at the phone", () => world.sim.control.messages({ jid: from }).find((m) => m.id === reply?.key.id))
    assert.deepStrictEqual(atPhone.context, { quoted: { id, sender: `${from}@s.whatsapp.net` }, mentions: [`${from}@s.whatsapp.net`] })
  })
})
