import { assert, describe, it } from "@effect/vitest"
import { simulatedLidNumber, simulatedPhoneNumber } from "@wagate/core"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, pairClient } from "./support/client.ts"
import { rejection } from "./support/rejection.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

describe("QR pairing with the real Baileys client", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("pairs a fresh client by QR: pair-device refs, pair-success, 515, then open with creds.me set", async () => {
    const fresh = connectClient(world.sim)
    clients.push(fresh)
    const { qr } = await fresh.until("qr", (u) => typeof u.qr === "string")
    assert.match(qr!, /^https:\/\/wa\.me\/settings\/linked_devices#2@[^,]+,[^,]+,[^,]+,[^,]+,\d+$/)

    const linked = await world.sim.control.scan({ qr: qr!, sessionId: "alice" })
    const phone = simulatedPhoneNumber("alice")
    const lid = simulatedLidNumber(phone)
    assert.deepStrictEqual(linked, {
      jid: `${phone}:1@s.whatsapp.net`,
      lid: `${lid}:1@lid`,
      phoneJid: `${phone}@s.whatsapp.net`,
      phoneLid: `${lid}@lid`
    })
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired, "WhatsApp asks the client to reconnect")
    assert.strictEqual(fresh.auth.creds.me?.id, `${phone}:1@s.whatsapp.net`)
    assert.strictEqual(fresh.auth.creds.me?.lid, `${lid}:1@lid`)
    assert.strictEqual(fresh.auth.creds.platform, "android")
    assert.isDefined(fresh.auth.creds.account?.deviceSignature, "the client signed its device identity")

    const client = connectClient(world.sim, fresh.auth)
    clients.push(client)
    await client.until("open", (u) => u.connection === "open")
    assert.strictEqual(client.auth.creds.me?.lid, `${lid}:1@lid`, "<success lid> matches the pairing")
    assert.deepStrictEqual(world.sim.control.devices(), [
      {
        jid: `${phone}:1@s.whatsapp.net`,
        lid: `${lid}:1@lid`,
        phoneJid: `${phone}@s.whatsapp.net`,
        platform: "Mac OS",
        liveSockets: 1,
        conflicts: 0,
        refused: false,
        unacked: 0
      }
    ])
  })

  it("links a second device of the same phone with the next device id", async () => {
    const one = await pairClient(world.sim, "carol")
    const two = await pairClient(world.sim, "carol")
    clients.push(one, two)
    const phone = simulatedPhoneNumber("carol")
    assert.strictEqual(one.auth.creds.me?.id, `${phone}:1@s.whatsapp.net`)
    assert.strictEqual(two.auth.creds.me?.id, `${phone}:2@s.whatsapp.net`)
    assert.deepStrictEqual(world.sim.control.devices().map((d) => d.liveSockets), [1, 1])
  })

  it("scans with a chosen phone number, and refuses numbers not on WhatsApp and QR codes no client shows", async () => {
    const fresh = connectClient(world.sim)
    clients.push(fresh)
    const { qr } = await fresh.until("qr", (u) => typeof u.qr === "string")
    const unknownNumber = await rejection(world.sim.control.scan({ qr: qr!, phone: "000123456789" }))
    assert.strictEqual(unknownNumber.code, "validation_error")
    assert.match(unknownNumber.message, /not on WhatsApp/)
    const other = qr!.replace(/#2@[^,]+/, "#2@unknown")
    assert.strictEqual((await rejection(world.sim.control.scan({ qr: other, phone: "+1 555 0100 200" }))).code, "not_found")
    assert.deepStrictEqual((await rejection(world.sim.control.scan({ qr: "not a qr" }))).details, {
      qr: "must be the QR string a client shows"
    })
    const linked = await world.sim.control.scan({ qr: qr!, phone: "+1 555 0100 200" })
    assert.strictEqual(linked.jid, "15550100200:1@s.whatsapp.net")
    const again = await rejection(world.sim.control.scan({ qr: qr!, phone: "15550100200" }))
    assert.strictEqual(again.code, "not_found", "a QR scans once")
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired)
  })
})
