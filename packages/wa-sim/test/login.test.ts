import { assert, describe, it } from "@effect/vitest"
import { startWaSim } from "@wagate/wa-sim"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, pairClient, trustSimulator } from "./support/client.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

describe("login with saved credentials", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("reconnects with saved credentials without pairing again, and answers the start-up queries", async () => {
    const first = await pairClient(world.sim, "bob")
    clients.push(first)
    first.end()
    await first.closed()
    const again = connectClient(world.sim, first.auth)
    clients.push(again)
    await again.until("open", (u) => u.connection === "open")
    assert.isFalse(again.updates.some((u) => typeof u.qr === "string"), "no QR on a login with credentials")
    // `<ib><offline count="0"/>` after `passive/active` is what Baileys turns into receivedPendingNotifications.
    await again.until("offline delivered", (u) => u.receivedPendingNotifications === true)
    // The keep-alive, privacy and pre-key IQs answer as WhatsApp's do (a 501 would reject these calls).
    await again.socket.query({ tag: "iq", attrs: { to: "@s.whatsapp.net", type: "get", xmlns: "w:p" }, content: [{ tag: "ping", attrs: {} }] })
    assert.strictEqual((await again.socket.fetchPrivacySettings(true))["groupadd"], "all")
    assert.deepStrictEqual(await again.socket.fetchBlocklist(), [])
    await again.socket.digestKeyBundle()
    assert.strictEqual(world.sim.control.devices().length, 1, "still one linked device")
  })

  it("a second socket logging in as the same device kicks the first with a conflict (replaced)", async () => {
    const first = await pairClient(world.sim, "dave")
    clients.push(first)
    const second = connectClient(world.sim, first.auth)
    clients.push(second)
    await second.until("open", (u) => u.connection === "open")
    assert.strictEqual(await first.closed(), DisconnectReason.connectionReplaced)
    const [device] = world.sim.control.devices()
    assert.strictEqual(device?.liveSockets, 1)
    assert.strictEqual(device?.conflicts, 1)
  })

  it("a device the server does not know gets <failure reason=401>: loggedOut", async () => {
    const paired = await pairClient(world.sim, "erin")
    paired.end()
    await paired.closed()
    const other = await startWaSim()
    try {
      trustSimulator(other)
      const stranger = connectClient(other, paired.auth)
      clients.push(stranger)
      assert.strictEqual(await stranger.closed(), DisconnectReason.loggedOut)
    } finally {
      await other.close()
    }
  })
})
