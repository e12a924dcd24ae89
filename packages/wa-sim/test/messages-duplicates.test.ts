/**
 * WhatsApp de-duplicates by message id: a client that sends an id again (it lost the ack in a crash or a dropped
 * socket, and retries under the same id) is acked again, and nothing reaches the recipients twice. `submissions`
 * shows how many times each id came, in first-acceptance order.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { type BinaryNode, jidNormalizedUser } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messagingOptions } from "./support/messages.ts"

const pn = (phone: string): string => `${phone}@s.whatsapp.net`

describe("a message id sent twice", () => {
  let sim: WaSim
  let alice: TestClient
  let alicePhone: string
  /** The message acks alice's client received, by message id. */
  const acks = new Map<string, number>()
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "dup-alice", messagingOptions)
    alicePhone = jidNormalizedUser(alice.auth.creds.me!.id).split("@")[0]!
    alice.socket.ws.on("CB:ack,class:message", (node: BinaryNode) => {
      const id = node.attrs["id"] ?? ""
      acks.set(id, (acks.get(id) ?? 0) + 1)
    })
  })
  afterAll(async () => {
    alice.end()
    await sim.close()
  })

  /** Sends `text` to `to` under `messageId`, waits for the ack, sends it again (as after a lost ack) and waits for the second. */
  const sendTwice = async (to: string, messageId: string, text: string) => {
    for (const n of [1, 2]) {
      await alice.socket.sendMessage(to, { text }, { messageId })
      await eventually(`ack ${n} of ${messageId}`, () => ((acks.get(messageId) ?? 0) === n ? true : undefined))
    }
  }

  it("to a user: acked both times, delivered once; submissions counts 2", async () => {
    const to = pn("15550006001")
    await sendTwice(to, "DUPDIRECT0001", "once only")
    // The simulator delivers in one queue, in the order it acked: a second copy would arrive before this one.
    const marker = await alice.socket.sendMessage(to, { text: "marker" })
    await eventually("the marker arrives", () => sim.control.messages({ jid: "15550006001" }).find((m) => m.id === marker?.key.id))

    assert.deepStrictEqual(
      sim.control.messages({ jid: "15550006001" }).map((m) => m.id),
      ["DUPDIRECT0001", marker?.key.id],
      "the repeat was not delivered"
    )
    assert.deepStrictEqual(sim.control.submissions({ jid: alicePhone }).filter((s) => s.chat === to).map(({ id, chat, times }) => ({ id, chat, times })), [
      { id: "DUPDIRECT0001", chat: to, times: 2 },
      { id: marker?.key.id ?? "", chat: to, times: 1 }
    ])
  })

  it("to a group: acked both times, each member's phone has it once; over HTTP too", async () => {
    const group = await alice.socket.groupCreate("dups", [pn("15550006002"), pn("15550006003")])
    await sendTwice(group.id, "DUPGROUP00001", "group once")
    const marker = await alice.socket.sendMessage(group.id, { text: "marker" })
    for (const phone of ["15550006002", "15550006003"]) {
      await eventually(`the marker at ${phone}`, () => sim.control.messages({ jid: phone }).find((m) => m.id === marker?.key.id))
      assert.deepStrictEqual(
        sim.control.messages({ jid: phone }).filter((m) => m.chat === group.id).map((m) => m.id),
        ["DUPGROUP00001", marker?.key.id]
      )
    }
    const response = await fetch(`${sim.controlUrl}/submissions?jid=${alicePhone}`)
    assert.strictEqual(response.status, 200)
    const { submissions } = (await response.json()) as { submissions: Array<{ id: string; chat: string; times: number }> }
    assert.deepStrictEqual(submissions.filter((s) => s.chat === group.id).map(({ id, chat, times }) => ({ id, chat, times })), [
      { id: "DUPGROUP00001", chat: group.id, times: 2 },
      { id: marker?.key.id ?? "", chat: group.id, times: 1 }
    ])
  })
})
