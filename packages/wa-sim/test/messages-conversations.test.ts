import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { decryptPollVote, jidNormalizedUser, proto } from "@whiskeysockets/baileys"
import { createHash } from "node:crypto"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"
import { rejection } from "./support/rejection.ts"

const lidOf = (phone: string) => `${simulatedLidNumber(phone)}@lid`

describe("phones reply, edit, delete and vote", () => {
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

  /** Alice's text to a virtual user, once its phone has it. */
  const aliceSends = async (to: string, text: string) => {
    const sent = await alice.socket.sendMessage(to.includes("@") ? to : `${to}@s.whatsapp.net`, { text })
    const id = sent!.key.id!
    const phone = to.includes("@g.us") ? undefined : to
    if (phone !== undefined) await eventually("alice's text at the phone", () => sim.control.messages({ jid: phone }).find((m) => m.id === id))
    return sent!
  }

  it("a reply quotes alice's message (stanzaId, participant, quotedMessage) and keeps its mentions", async () => {
    const from = "15550007001"
    const original = await aliceSends(from, "what time?")
    const { id } = await sim.control.send({ from, to: aliceJid, content: { text: "noon", mentions: [aliceJid], replyTo: original.key.id! } })
    const reply = await events.message("the reply", (m) => m.key.id === id)
    const context = reply.message?.extendedTextMessage?.contextInfo
    assert.strictEqual(reply.message?.extendedTextMessage?.text, "noon")
    assert.strictEqual(context?.stanzaId, original.key.id)
    assert.strictEqual(context?.participant, aliceJid)
    assert.strictEqual(context?.quotedMessage?.extendedTextMessage?.text ?? context?.quotedMessage?.conversation, "what time?")
    assert.deepStrictEqual(context?.mentionedJid, [aliceJid])
  })

  it("a reply in a group names the quoted member as the group does (by LID), and a phone may quote its own message", async () => {
    const member = "15550007002"
    const { id: group } = await alice.socket.groupCreate("replies", [`${member}@s.whatsapp.net`])
    const original = await alice.socket.sendMessage(group, { text: "agenda" })
    await eventually("the group text at the phone", () => sim.control.messages({ jid: member }).find((m) => m.id === original?.key.id))
    const first = await sim.control.send({ from: member, group, content: { poll: { name: "When?", options: ["mon", "tue"] }, replyTo: original!.key.id! } })
    const poll = await events.message("the replying poll", (m) => m.key.id === first.id)
    // Without selectableCount, Baileys builds a `pollCreationMessage` (V3 is for single-choice polls).
    const context = poll.message?.pollCreationMessage?.contextInfo
    assert.strictEqual(context?.stanzaId, original?.key.id)
    assert.strictEqual(context?.participant, jidNormalizedUser(alice.auth.creds.me!.lid!))
    const second = await sim.control.send({ from: member, group, content: { text: "see my poll", replyTo: first.id } })
    const own = await events.message("the self-reply", (m) => m.key.id === second.id)
    assert.strictEqual(own.message?.extendedTextMessage?.contextInfo?.stanzaId, first.id)
    assert.strictEqual(own.message?.extendedTextMessage?.contextInfo?.participant, lidOf(member))
    assert.strictEqual(own.message?.extendedTextMessage?.contextInfo?.quotedMessage?.pollCreationMessage?.name, "When?")
  })

  it("an edit of the phone's own message arrives as Baileys builds it (protocolMessage MESSAGE_EDIT)", async () => {
    const from = "15550007003"
    const original = await sim.control.send({ from, to: aliceJid, content: { text: "teh plan" } })
    await events.message("the original", (m) => m.key.id === original.id)
    const { id } = await sim.control.send({ from, to: aliceJid, content: { edit: { messageId: original.id, text: "the plan" } } })
    const edit = await events.message("the edit", (m) => m.key.id === id)
    const protocol = edit.message?.protocolMessage
    assert.strictEqual(protocol?.type, proto.Message.ProtocolMessage.Type.MESSAGE_EDIT)
    assert.strictEqual(protocol?.key?.id, original.id)
    assert.isTrue(protocol?.key?.fromMe === true, "the key as the editing phone sees it: its own message")
    assert.strictEqual(protocol?.editedMessage?.extendedTextMessage?.text ?? protocol?.editedMessage?.conversation, "the plan")
  })

  it("a phone may not edit someone else's message, nor its own after 15 minutes (the simulator's clock)", async () => {
    const from = "15550007004"
    const alices = await aliceSends(from, "mine")
    const notOwn = await rejection(sim.control.send({ from, to: aliceJid, content: { edit: { messageId: alices.key.id!, text: "x" } } }))
    assert.strictEqual(notOwn.code, "conflict")
    const own = await sim.control.send({ from, to: aliceJid, content: { text: "typo" } })
    await events.message("the typo", (m) => m.key.id === own.id)
    await sim.control.send({ from, to: aliceJid, content: { edit: { messageId: own.id, text: "fixed in time" } } })
    sim.control.advanceClock({ seconds: 15 * 60 + 1 })
    const late = await rejection(sim.control.send({ from, to: aliceJid, content: { edit: { messageId: own.id, text: "too late" } } }))
    assert.strictEqual(late.code, "conflict")
    assert.match(late.message, /edit_window/)
  })

  it("a delete for everyone of the phone's own message arrives as a REVOKE; of alice's message in a direct chat it is refused", async () => {
    const from = "15550007005"
    const original = await sim.control.send({ from, to: aliceJid, content: { text: "oops" } })
    await events.message("the original", (m) => m.key.id === original.id)
    const { id } = await sim.control.send({ from, to: aliceJid, content: { delete: { messageId: original.id } } })
    const revoke = await events.message("the revoke", (m) => m.key.id === id)
    assert.strictEqual(revoke.message?.protocolMessage?.type, proto.Message.ProtocolMessage.Type.REVOKE)
    assert.strictEqual(revoke.message?.protocolMessage?.key?.id, original.id)
    const alices = await aliceSends(from, "keep me")
    const refused = await rejection(sim.control.send({ from, to: aliceJid, content: { delete: { messageId: alices.key.id! } } }))
    assert.strictEqual(refused.code, "conflict")
  })

  it("in a group, a member deletes another's message for everyone only as an admin", async () => {
    const member = "15550007006"
    const { id: group } = await alice.socket.groupCreate("moderated", [`${member}@s.whatsapp.net`])
    const original = await alice.socket.sendMessage(group, { text: "spam?" })
    await eventually("the group text at the phone", () => sim.control.messages({ jid: member }).find((m) => m.id === original?.key.id))
    const refused = await rejection(sim.control.send({ from: member, group, content: { delete: { messageId: original!.key.id! } } }))
    assert.strictEqual(refused.code, "conflict")
    await alice.socket.groupParticipantsUpdate(group, [`${member}@s.whatsapp.net`], "promote")
    const { id } = await sim.control.send({ from: member, group, content: { delete: { messageId: original!.key.id! } } })
    const revoke = await events.message("the admin's revoke", (m) => m.key.id === id)
    const key = revoke.message?.protocolMessage?.key
    assert.strictEqual(key?.id, original?.key.id)
    assert.strictEqual(key?.participant, jidNormalizedUser(alice.auth.creds.me!.lid!))
    assert.isTrue(key?.fromMe !== true)
  })

  it("a vote on alice's poll arrives as a pollUpdateMessage that Baileys' own decryptPollVote opens", async () => {
    const from = "15550007007"
    const poll = await alice.socket.sendMessage(`${from}@s.whatsapp.net`, { poll: { name: "Lunch?", values: ["pizza", "salad", "soup"], selectableCount: 2 } })
    const pollId = poll!.key.id!
    await eventually("the poll at the phone", () => sim.control.messages({ jid: from }).find((m) => m.id === pollId))
    const { id } = await sim.control.send({ from, to: aliceJid, content: { vote: { pollMessageId: pollId, selected: ["pizza", "soup"] } } })
    const vote = await events.message("the vote", (m) => m.key.id === id)
    const update = vote.message?.pollUpdateMessage
    assert.strictEqual(update?.pollCreationMessageKey?.id, pollId)
    assert.isTrue(update?.pollCreationMessageKey?.fromMe === true, "Baileys turns the key to alice's side: her own poll")
    const decrypted = decryptPollVote(update!.vote!, {
      pollCreatorJid: aliceJid,
      pollMsgId: pollId,
      pollEncKey: poll!.message!.messageContextInfo!.messageSecret!,
      voterJid: jidNormalizedUser(vote.key.remoteJid!)
    })
    const hash = (option: string) => createHash("sha256").update(option).digest("hex")
    assert.deepStrictEqual(decrypted.selectedOptions.map((o) => Buffer.from(o).toString("hex")), [hash("pizza"), hash("soup")])
    const tooMany = await rejection(sim.control.send({ from, to: aliceJid, content: { vote: { pollMessageId: pollId, selected: ["pizza", "salad", "soup"] } } }))
    assert.strictEqual(tooMany.code, "validation_error")
    const notAnOption = await rejection(sim.control.send({ from, to: aliceJid, content: { vote: { pollMessageId: pollId, selected: ["sushi"] } } }))
    assert.deepStrictEqual(notAnOption.details, { "content.vote.selected[0]": "is not an option of the poll" })
  })

  it("in a LID group, a vote is encrypted for the creator's and the voter's LIDs, as the group names them", async () => {
    const member = "15550007008"
    const { id: group } = await alice.socket.groupCreate("votes", [`${member}@s.whatsapp.net`])
    const poll = await alice.socket.sendMessage(group, { poll: { name: "Where?", values: ["park", "pub"], selectableCount: 1 } })
    const pollId = poll!.key.id!
    await eventually("the poll at the phone", () => sim.control.messages({ jid: member }).find((m) => m.id === pollId))
    const { id } = await sim.control.send({ from: member, group, content: { vote: { pollMessageId: pollId, selected: ["pub"] } } })
    const vote = await events.message("the group vote", (m) => m.key.id === id)
    assert.strictEqual(vote.key.participant, lidOf(member))
    const update = vote.message!.pollUpdateMessage!
    const decrypted = decryptPollVote(update.vote!, {
      pollCreatorJid: jidNormalizedUser(alice.auth.creds.me!.lid!),
      pollMsgId: pollId,
      pollEncKey: poll!.message!.messageContextInfo!.messageSecret!,
      voterJid: vote.key.participant!
    })
    assert.deepStrictEqual(decrypted.selectedOptions.map((o) => Buffer.from(o).toString("hex")), [createHash("sha256").update("pub").digest("hex")])
  })
})
