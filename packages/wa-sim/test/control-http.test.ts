import { assert, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { type WaSim } from "@wagate/wa-sim"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient } from "./support/client.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

const post = (sim: WaSim, operation: string, body: unknown) =>
  fetch(`${sim.controlUrl}/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

describe("control API over HTTP", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("describes itself at /control on the socket's port", async () => {
    assert.strictEqual(new URL(world.sim.controlUrl).port, new URL(world.sim.url).port)
    const response = await fetch(world.sim.controlUrl)
    assert.strictEqual(response.status, 200)
    const body = (await response.json()) as { websocket: string; rootPublicKey: string }
    assert.strictEqual(body.websocket, world.sim.url)
    assert.strictEqual(body.rootPublicKey, world.sim.rootPublicKey)
  })

  it("scans, lists, drops and unlinks through HTTP as the gateway's sandbox routes will", async () => {
    const fresh = connectClient(world.sim)
    clients.push(fresh)
    const { qr } = await fresh.until("qr", (u) => typeof u.qr === "string")
    const scanned = await post(world.sim, "scan", { qr, sessionId: "kate" })
    assert.strictEqual(scanned.status, 200)
    const phone = simulatedPhoneNumber("kate")
    assert.include(await scanned.json(), { jid: `${phone}:1@s.whatsapp.net`, phoneJid: `${phone}@s.whatsapp.net` })
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired)
    const client = connectClient(world.sim, fresh.auth)
    clients.push(client)
    await client.until("open", (u) => u.connection === "open")

    const devices = (await (await fetch(`${world.sim.controlUrl}/devices`)).json()) as { devices: Array<{ liveSockets: number }> }
    assert.deepStrictEqual(devices.devices.map((d) => d.liveSockets), [1])
    const dropped = await post(world.sim, "drop", { sessionId: "kate" })
    assert.deepStrictEqual(await dropped.json(), { dropped: 1 })
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    assert.strictEqual((await post(world.sim, "refuse", { jid: `+${phone}` })).status, 204)
    assert.strictEqual((await post(world.sim, "accept", { jid: `${phone}@s.whatsapp.net` })).status, 204)
    const unlinked = await post(world.sim, "unlink", { jid: `${phone}:1@s.whatsapp.net` })
    assert.deepStrictEqual(await unlinked.json(), { unlinked: [`${phone}:1@s.whatsapp.net`] })
  })

  it("answers bad requests in wagate's error envelope", async () => {
    const cases: Array<[Promise<Response>, number, string, Record<string, string>?]> = [
      [post(world.sim, "scan", { qr: "nope", extra: 1 }), 400, "validation_error", { extra: "is not a field of this operation" }],
      [post(world.sim, "scan", {}), 400, "validation_error", { qr: "is required" }],
      [post(world.sim, "scan", { qr: 5 }), 400, "validation_error", { qr: "must be a string" }],
      [post(world.sim, "unlink", "{not json"), 400, "validation_error", { body: "must be a JSON object" }],
      [post(world.sim, "unlink", [1]), 400, "validation_error", { body: "must be a JSON object" }],
      [post(world.sim, "unlink", { sessionId: "nobody" }), 404, "not_found"],
      [post(world.sim, "unlink", { jid: "x", sessionId: "y" }), 400, "validation_error"],
      [post(world.sim, "teleport", {}), 404, "not_found"],
      [fetch(`${world.sim.controlUrl}/unlink`), 405, "method_not_allowed"],
      [fetch(`${world.sim.controlUrl.replace("/control", "/elsewhere")}`), 404, "not_found"],
      [post(world.sim, "scan", "x".repeat(70_000)), 413, "payload_too_large"]
    ]
    for (const [request, status, code, details] of cases) {
      const response = await request
      const body = (await response.json()) as { error: { code: string; message: string; details: Record<string, string> } }
      assert.strictEqual(response.status, status, JSON.stringify(body))
      assert.strictEqual(body.error.code, code)
      assert.isString(body.error.message)
      if (details) assert.deepStrictEqual(body.error.details, details)
    }
  })
})
