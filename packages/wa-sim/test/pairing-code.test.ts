import { assert, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { type BinaryNode, DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, type TestClient } from "./support/client.ts"
import { rejection } from "./support/rejection.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

/** The alphabet of pairing codes (Baileys `CROCKFORD_CHARACTERS`). */
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"

/**
 * A fresh client asks for a pairing code for `phone` (Baileys `requestPairingCode`); resolves with the code once
 * the server answered its `companion_hello` with a pairing ref.
 */
const askForCode = async (client: TestClient, phone: string): Promise<string> => {
  await client.until("qr", (u) => typeof u.qr === "string")
  const answered = new Promise<BinaryNode>((resolve) => client.socket.ws.once("CB:iq,,link_code_companion_reg", resolve))
  const code = await client.socket.requestPairingCode(phone)
  const answer = await answered
  assert.strictEqual(answer.attrs["type"], "result")
  return code
}

/** The same code with its last character changed. */
const otherCode = (code: string): string => code.slice(0, 7) + (code[7] === "A" ? "B" : "A")

describe("pairing by code with the real Baileys client", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("the phone of the number the client asked for enters its code: primary_hello, companion_finish, pair-success, 515, open as that number", async () => {
    const fresh = connectClient(world.sim)
    clients.push(fresh)
    const primaryHellos: Array<BinaryNode> = []
    fresh.socket.ws.on("CB:notification", (n: BinaryNode) => {
      if (n.attrs["type"] === "link_code_companion_reg") primaryHellos.push(n)
    })
    const code = await askForCode(fresh, "15550100300")
    assert.match(code, new RegExp(`^[${ALPHABET}]{8}$`))

    const linked = await world.sim.control.enterPairingCode({ code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}`, phone: "15550100300" })
    const lid = simulatedLidNumber("15550100300")
    assert.deepStrictEqual(linked, {
      jid: "15550100300:1@s.whatsapp.net",
      lid: `${lid}:1@lid`,
      phoneJid: "15550100300@s.whatsapp.net",
      phoneLid: `${lid}@lid`
    })
    assert.deepStrictEqual(primaryHellos.map((n) => (n.content as Array<BinaryNode>)[0]?.attrs["stage"]), ["primary_hello"])
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired, "WhatsApp asks the client to reconnect")
    assert.strictEqual(fresh.auth.creds.registered, true, "Baileys marks itself registered after companion_finish")
    assert.strictEqual(fresh.auth.creds.me?.id, "15550100300:1@s.whatsapp.net")
    assert.isDefined(fresh.auth.creds.account?.deviceSignature, "the client signed its device identity (its adv secret matched the phone's)")

    const client = connectClient(world.sim, fresh.auth)
    clients.push(client)
    await client.until("open", (u) => u.connection === "open")
    assert.strictEqual(client.socket.user?.id, "15550100300:1@s.whatsapp.net")
    assert.strictEqual(client.auth.creds.me?.lid, `${lid}:1@lid`)
    assert.deepStrictEqual(world.sim.control.devices().map((d) => [d.jid, d.liveSockets]), [["15550100300:1@s.whatsapp.net", 1]])
  })

  it("a wrong code is refused and the client stays unpaired; the right one then links it (over HTTP)", async () => {
    const fresh = connectClient(world.sim)
    clients.push(fresh)
    const code = await askForCode(fresh, "15550100301")

    const wrong = await rejection(world.sim.control.enterPairingCode({ code: otherCode(code), phone: "15550100301" }))
    assert.strictEqual(wrong.code, "validation_error")
    assert.deepStrictEqual(wrong.details, { code: "does not match the client's code" })
    assert.strictEqual(fresh.auth.creds.registered, false, "the client's companion_finish was refused")
    assert.isUndefined(fresh.auth.creds.account, "no device identity")
    assert.deepStrictEqual(world.sim.control.devices(), [])
    assert.isFalse(fresh.updates.some((u) => u.connection === "close"), "the client still waits on its socket")

    const malformed = await rejection(world.sim.control.enterPairingCode({ code: "ABCD-EFG0", phone: "15550100301" }))
    assert.deepStrictEqual([malformed.code, malformed.details], ["validation_error", { code: "must be the 8 characters the client shows (ABCD-EFGH)" }])
    const otherPhone = await rejection(world.sim.control.enterPairingCode({ code, phone: "15550100999" }))
    assert.strictEqual(otherPhone.code, "not_found", "only the phone the client asked for can enter its code")

    const post = (body: unknown) =>
      fetch(`${world.sim.controlUrl}/enter-pairing-code`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const missing = await post({ phone: "15550100301" })
    assert.deepStrictEqual([missing.status, await missing.json()], [
      400,
      { error: { code: "validation_error", message: "invalid code", details: { code: "is required" } } }
    ])
    const response = await post({ code, phone: "15550100301@s.whatsapp.net" })
    assert.strictEqual(response.status, 200)
    assert.strictEqual(((await response.json()) as { jid: string }).jid, "15550100301:1@s.whatsapp.net")
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired)
    const client = connectClient(world.sim, fresh.auth)
    clients.push(client)
    await client.until("open", (u) => u.connection === "open")
    assert.strictEqual(client.socket.user?.id, "15550100301:1@s.whatsapp.net")
  })
})
