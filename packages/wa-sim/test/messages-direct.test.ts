import { afterEach, assert, beforeEach, describe, it } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually } from "./support/messages.ts"

/** Clients skip waiting for the phone's history sync, which the simulator does not send (events flow at once). */
const options = { shouldSyncHistoryMessage: () => false }

describe("direct messages from a client", () => {
  let sim: WaSim
  const clients: Array<TestClient> = []
  beforeEach(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.end()
    await sim.close()
  })

  it("a text to a virtual user arrives decrypted at the user's phone", async () => {
    const alice = await pairClient(sim, "alice", options)
    clients.push(alice)
    const sent = await alice.socket.sendMessage("15550001111@s.whatsapp.net", { text: "hello bob" })
    const [received] = await eventually("bob's phone has the text", () => {
      const inbox = sim.control.messages({ jid: "15550001111" })
      return inbox.length > 0 ? inbox : undefined
    })
    assert.strictEqual(received?.id, sent?.key.id)
    assert.deepStrictEqual(received?.content, { kind: "text", text: "hello bob", mentions: [] })
    assert.strictEqual(received?.sender, alice.auth.creds.me?.id.replace(/:\d+@/, "@"))
  })
})
