import { afterEach, assert, beforeEach, describe, it } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { rejection } from "./support/rejection.ts"

describe("network faults", () => {
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

  it("a dropped socket is a close (not a logout) that the client recovers from by reconnecting", async () => {
    const client = await pairClient(sim, "ivan")
    clients.push(client)
    assert.strictEqual(sim.control.drop({ sessionId: "ivan" }), 1)
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    const again = connectClient(sim, client.auth)
    clients.push(again)
    await again.until("open", (u) => u.connection === "open")
    assert.strictEqual(sim.control.devices()[0]?.liveSockets, 1)
    assert.strictEqual(sim.control.devices()[0]?.conflicts, 0)
    assert.strictEqual(sim.control.drop({ sessionId: "ivan" }), 1, "the new socket can be dropped again")
    assert.strictEqual(await again.closed(), DisconnectReason.connectionClosed)
    assert.strictEqual(sim.control.drop({ sessionId: "ivan" }), 0, "nothing live, nothing dropped")
    assert.strictEqual((await rejection(() => sim.control.drop({ jid: "15550100999" }))).code, "not_found")
  })

  it("a refused account is cut off and cannot reconnect until it is accepted again", async () => {
    const client = await pairClient(sim, "judy")
    clients.push(client)
    sim.control.refuse({ sessionId: "judy" })
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    const refused = connectClient(sim, client.auth)
    clients.push(refused)
    assert.strictEqual(await refused.closed(), DisconnectReason.connectionClosed)
    assert.isUndefined(refused.updates.find((u) => u.connection === "open"))
    assert.isTrue(sim.control.devices()[0]?.refused)
    sim.control.accept({ sessionId: "judy" })
    const back = connectClient(sim, client.auth)
    clients.push(back)
    await back.until("open", (u) => u.connection === "open")
  })
})
