import { assert, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, pairClient } from "./support/client.ts"
import { rejection } from "./support/rejection.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

describe("unlinking and logging out", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("the phone unlinking a connected device gives the client loggedOut, and its next login fails", async () => {
    const client = await pairClient(world.sim, "frank")
    clients.push(client)
    const jid = client.auth.creds.me!.id
    assert.deepStrictEqual(world.sim.control.unlink({ sessionId: "frank" }), [jid])
    assert.strictEqual(await client.closed(), DisconnectReason.loggedOut)
    assert.deepStrictEqual(world.sim.control.devices(), [])
    const again = connectClient(world.sim, client.auth)
    clients.push(again)
    assert.strictEqual(await again.closed(), DisconnectReason.loggedOut)
    assert.strictEqual((await rejection(() => world.sim.control.unlink({ jid }))).code, "not_found")
  })

  it("unlinks one device by its JID and leaves the other", async () => {
    const one = await pairClient(world.sim, "gina")
    const two = await pairClient(world.sim, "gina")
    clients.push(one, two)
    world.sim.control.unlink({ jid: two.auth.creds.me!.id })
    assert.strictEqual(await two.closed(), DisconnectReason.loggedOut)
    assert.deepStrictEqual(world.sim.control.devices().map((d) => d.jid), [one.auth.creds.me!.id])
    assert.isUndefined(one.updates.find((u) => u.connection === "close"))
  })

  it("a logout by the client removes the device", async () => {
    const client = await pairClient(world.sim, "hank")
    clients.push(client)
    await client.socket.logout()
    assert.strictEqual(await client.closed(), DisconnectReason.loggedOut)
    // The server removed the device: nothing is linked to the number any more.
    const deadline = Date.now() + 5_000
    while (world.sim.control.devices().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    assert.deepStrictEqual(world.sim.control.devices(), [])
    const unknown = await rejection(() => world.sim.control.unlink({ jid: `${simulatedPhoneNumber("hank")}:1@s.whatsapp.net` }))
    assert.strictEqual(unknown.code, "not_found")
  })

  it("refuses targets that name nothing, or name it badly", async () => {
    assert.strictEqual((await rejection(() => world.sim.control.unlink({ sessionId: "nobody" }))).code, "not_found")
    assert.deepStrictEqual((await rejection(() => world.sim.control.unlink({ jid: "not a jid" }))).details, {
      jid: "must be a phone number, a (device) JID or a LID; or give sessionId"
    })
    assert.strictEqual((await rejection(() => world.sim.control.unlink({}))).code, "validation_error")
  })
})
