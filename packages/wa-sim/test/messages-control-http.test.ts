import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type ReceiptRecord, type ReceivedMessage, startWaSim, type WaSim } from "@wagate/wa-sim"
import { jidNormalizedUser, WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"

const post = (sim: WaSim, operation: string, body: unknown) =>
  fetch(`${sim.controlUrl}/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

const get = (sim: WaSim, operation: string, query: string) => fetch(`${sim.controlUrl}/${operation}?${query}`)

describe("the messages control API over HTTP", () => {
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

  it("a virtual user sends, reads what came back, and answers with receipts as switched", async () => {
    const sent = await post(sim, "send", { from: "+1 555 000 5001", toSessionId: "alice", content: { text: "over http" } })
    assert.strictEqual(sent.status, 200)
    const { id } = (await sent.json()) as { id: string }
    const message = await events.message("the text", (m) => m.key.id === id)
    assert.strictEqual(message.key.remoteJid, "15550005001@s.whatsapp.net")

    const settings = await post(sim, "receipt-settings", { jid: "15550005001", read: false })
    assert.deepStrictEqual(await settings.json(), { delivered: true, read: false })
    const reply = await alice.socket.sendMessage("15550005001@s.whatsapp.net", { text: "answer" })
    const listed = await eventually("the answer listed", async () => {
      const response = await get(sim, "messages", "jid=15550005001")
      const body = (await response.json()) as { messages: Array<ReceivedMessage> }
      return body.messages.find((m) => m.id === reply?.key.id)
    })
    assert.deepStrictEqual(listed.content, { kind: "text", text: "answer", mentions: [] })
    await events.until("delivered", () => events.updates.some((u) => u.key.id === reply?.key.id && u.update.status === WAMessageStatus.DELIVERY_ACK))
    assert.deepStrictEqual(await (await post(sim, "read", { jid: "15550005001", ids: [reply?.key.id] })).json(), { read: 1 })
    await events.until("read", () => events.updates.some((u) => u.key.id === reply?.key.id && u.update.status === WAMessageStatus.READ))

    await alice.socket.readMessages([message.key])
    const receipts = await eventually("alice's read receipt listed", async () => {
      const body = (await (await get(sim, "receipts", "jid=15550005001")).json()) as { receipts: Array<ReceiptRecord> }
      return body.receipts.some((r) => r.messageId === id && r.type === "read") ? body.receipts : undefined
    })
    assert.isTrue(receipts.every((r) => r.from === aliceJid))
  })

  it("answers bad message requests in wagate's error envelope", async () => {
    const { id: group } = await alice.socket.groupCreate("x", ["15550005002@s.whatsapp.net"])
    const cases: Array<[Promise<Response>, number, string, Record<string, string>?]> = [
      [post(sim, "send", { to: aliceJid, content: { text: "x" } }), 400, "validation_error", { from: "is required" }],
      [post(sim, "send", { from: "15550005003", content: { text: "x" } }), 400, "validation_error", { to: "give exactly one of to, toSessionId, group" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, group: "1@g.us", content: { text: "x" } }), 400, "validation_error"],
      [post(sim, "send", { from: "nobody", to: aliceJid, content: { text: "x" } }), 400, "validation_error", { from: "must be a phone number, a user JID or a LID" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid }), 400, "validation_error", { content: "must be an object with one of text, poll, location, contact, reaction, edit, delete, vote" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { text: "x", poll: {} } }), 400, "validation_error"],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { text: "" } }), 400, "validation_error", { "content.text": "must be a non-empty string" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { text: "x", bold: true } }), 400, "validation_error", { "content.bold": "is not a field of this content" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { poll: { name: "p", options: ["one"] } } }), 400, "validation_error", { "content.poll.options": "must be a list of 2 to 12 options" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { location: { latitude: 91, longitude: 0 } } }), 400, "validation_error", { "content.location.latitude": "must be a number from -90 to 90" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { reaction: { messageId: "NOPE", text: "👍" } } }), 400, "validation_error", { "content.reaction.messageId": "names no message the sender has in this chat" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { reaction: { messageId: "M", text: "👍" }, replyTo: "M" } }), 400, "validation_error", { "content.replyTo": "is not a field of this content" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { text: "x", replyTo: "NOPE" } }), 400, "validation_error", { "content.replyTo": "names no message the sender has in this chat" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { edit: { messageId: "NOPE" } } }), 400, "validation_error", { "content.edit.text": "must be a non-empty string" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { delete: { messageId: "NOPE" } } }), 400, "validation_error", { "content.delete.messageId": "names no message the sender has in this chat" }],
      [post(sim, "send", { from: "15550005003", to: aliceJid, content: { vote: { pollMessageId: "NOPE", selected: "yes" } } }), 400, "validation_error", { "content.vote.selected": "must be a list of option names" }],
      [post(sim, "clock", { advanceSeconds: -1 }), 400, "validation_error", { advanceSeconds: "must be a whole number of seconds, 0 or more" }],
      [get(sim, "refusals", "jid=not-a-number"), 400, "validation_error"],
      [post(sim, "send", { from: "15550005003", to: "000555000222", content: { text: "x" } }), 404, "not_found"],
      [post(sim, "send", { from: "15550005003", group: "120363000000000399@g.us", content: { text: "x" } }), 404, "not_found"],
      [post(sim, "send", { from: "15550005003", group, content: { text: "x" } }), 409, "conflict"],
      [post(sim, "send", { from: "15550005003", to: "15550005003", content: { text: "x" } }), 400, "validation_error", { to: "is the sender" }],
      [post(sim, "receipt-settings", { jid: "15550005003", delivered: "yes" }), 400, "validation_error", { delivered: "must be true or false" }],
      [post(sim, "read", { jid: "15550005003", ids: "all" }), 400, "validation_error", { ids: "must be a list of message ids" }],
      [post(sim, "read", { jid: "15550005003", extra: 1 }), 400, "validation_error", { extra: "is not a field of this operation" }],
      [get(sim, "messages", "jid=1&jid=2"), 400, "validation_error", { jid: "must be given once" }],
      [get(sim, "messages", "who=1"), 400, "validation_error", { who: "is not a field of this operation" }],
      [get(sim, "messages", "jid=12345678901234@lid"), 404, "not_found"],
      [get(sim, "receipts", "jid=not-a-number"), 400, "validation_error"],
      [post(sim, "messages", {}), 405, "method_not_allowed"],
      [fetch(`${sim.controlUrl}/send`), 405, "method_not_allowed"]
    ]
    for (const [request, status, code, details] of cases) {
      const response = await request
      const body = (await response.json()) as { error: { code: string; message: string; details: Record<string, string> } }
      assert.strictEqual(response.status, status, JSON.stringify(body))
      assert.strictEqual(body.error.code, code, JSON.stringify(body))
      assert.isString(body.error.message)
      if (details) assert.deepStrictEqual(body.error.details, details)
    }
  })
})
