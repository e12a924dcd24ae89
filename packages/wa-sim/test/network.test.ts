import { assert, describe, it } from "@effect/vitest"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, pairClient } from "./support/client.ts"
import { rejection } from "./support/rejection.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

describe("network faults", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("a dropped socket is a close (not a logout) that the client recovers from by reconnecting", async () => {
    const client = await pairClient(world.sim, "ivan")
    clients.push(client)
    assert.strictEqual(world.sim.control.drop({ sessionId: "ivan" }), 1)
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    const again = connectClient(world.sim, client.auth)
    clients.push(again)
    await again.until("open", (u) => u.connection === "open")
    assert.strictEqual(world.sim.control.devices()[0]?.liveSockets, 1)
    assert.strictEqual(world.sim.control.devices()[0]?.conflicts, 0)
    assert.strictEqual(world.sim.control.drop({ sessionId: "ivan" }), 1, "the new socket can be dropped again")
    assert.strictEqual(await again.closed(), DisconnectReason.connectionClosed)
    assert.strictEqual(world.sim.control.drop({ sessionId: "ivan" }), 0, "nothing live, nothing dropped")
    assert.strictEqual((await rejection(() => world.sim.control.drop({ jid: "15550100999" }))).code, "not_found")
  })

  it("a refused account is cut off and cannot reconnect until it is accepted again", async () => {
    const client = await pairClient(world.sim, "judy")
    clients.push(client)
    world.sim.control.refuse({ sessionId: "judy" })
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    const refused = connectClient(world.sim, client.auth)
    clients.push(refused)
    assert.strictEqual(await refused.closed(), DisconnectReason.connectionClosed)
    assert.isUndefined(refused.updates.find((u) => u.connection === "open"))
    assert.isTrue(world.sim.control.devices()[0]?.refused)
    world.sim.control.accept({ sessionId: "judy" })
    const back = connectClient(world.sim, client.auth)
    clients.push(back)
    await back.until("open", (u) => u.connection === "open")
  })
})
