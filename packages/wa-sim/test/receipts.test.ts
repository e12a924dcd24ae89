import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { WAMessageStatus } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"

describe("receipts from virtual users' phones", () => {
  let sim: WaSim
  let alice: TestClient
  let events: MessageEvents
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "alice", messagingOptions)
    events = messageEvents(alice)
  })
  afterAll(async () => {
    alice.end()
    await sim.close()
  })

  const statuses = (id: string | null | undefined): ReadonlyArray<number | null | undefined> =>
    events.updates.filter((u) => u.key.id === id).map((u) => u.update.status)

  const sendTo = async (phone: string, text: string) => {
    const sent = await alice.socket.sendMessage(`${phone}@s.whatsapp.net`, { text })
    await eventually(`${text} at ${phone}`, () => sim.control.messages({ jid: phone }).find((m) => m.id === sent?.key.id))
    return sent!.key.id!
  }

  it("by default a virtual user's phone confirms delivery and reads at once: status READ", async () => {
    const id = await sendTo("15550004001", "read me")
    await events.until("READ", () => statuses(id).includes(WAMessageStatus.READ))
  })

  it("with reading switched off the message stays delivered until the phone reads it", async () => {
    assert.deepStrictEqual(sim.control.setReceipts({ jid: "15550004002", read: false }), { delivered: true, read: false })
    const id = await sendTo("15550004002", "later")
    await events.until("DELIVERY_ACK", () => statuses(id).includes(WAMessageStatus.DELIVERY_ACK))
    assert.notInclude(statuses(id), WAMessageStatus.READ)
    assert.deepStrictEqual(await sim.control.read({ jid: "15550004002" }), { read: 1 })
    await events.until("READ", () => statuses(id).includes(WAMessageStatus.READ))
    assert.deepStrictEqual(await sim.control.read({ jid: "15550004002" }), { read: 0 }, "nothing left unread")
  })

  it("with both switched off nothing comes back until the phone reads, and then only READ", async () => {
    sim.control.setReceipts({ jid: "15550004003", delivered: false, read: false })
    const id = await sendTo("15550004003", "quiet")
    assert.deepStrictEqual(await sim.control.read({ jid: "15550004003" }), { read: 1 })
    await events.until("READ", () => statuses(id).includes(WAMessageStatus.READ))
    assert.deepStrictEqual(statuses(id), [WAMessageStatus.READ], "no delivery receipt came before it")
  })

  it("reading some messages by id leaves the rest unread", async () => {
    sim.control.setReceipts({ jid: "15550004004", read: false })
    const first = await sendTo("15550004004", "first")
    const second = await sendTo("15550004004", "second")
    await events.until("both delivered", () =>
      [first, second].every((id) => statuses(id).includes(WAMessageStatus.DELIVERY_ACK))
    )
    assert.deepStrictEqual(await sim.control.read({ jid: "15550004004", ids: [second] }), { read: 1 })
    await events.until("second READ", () => statuses(second).includes(WAMessageStatus.READ))
    assert.notInclude(statuses(first), WAMessageStatus.READ)
  })
})
