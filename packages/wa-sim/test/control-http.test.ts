import { afterEach, assert, beforeEach, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { DisconnectReason } from "@whiskeysockets/baileys"
import { connectClient, type TestClient, trustSimulator } from "./support/client.ts"

const post = (sim: WaSim, operation: string, body: unknown) =>
  fetch(`${sim.controlUrl}/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })

describe("control API over HTTP", () => {
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

  it("describes itself at /control on the socket's port", async () => {
    assert.strictEqual(new URL(sim.controlUrl).port, new URL(sim.url).port)
    const response = await fetch(sim.controlUrl)
    assert.strictEqual(response.status, 200)
    const body = (await response.json()) as { websocket: string; rootPublicKey: string }
    assert.strictEqual(body.websocket, sim.url)
    assert.strictEqual(body.rootPublicKey, sim.rootPublicKey)
  })

  it("scans, lists, drops and unlinks through HTTP as the gateway's sandbox routes will", async () => {
    const fresh = connectClient(sim)
    clients.push(fresh)
    const { qr } = await fresh.until("qr", (u) => typeof u.qr === "string")
    const scanned = await post(sim, "scan", { qr, sessionId: "kate" })
    assert.strictEqual(scanned.status, 200)
    const phone = simulatedPhoneNumber("kate")
    assert.include(await scanned.json(), { jid: `${phone}:1@s.whatsapp.net`, phoneJid: `${phone}@s.whatsapp.net` })
    assert.strictEqual(await fresh.closed(), DisconnectReason.restartRequired)
    const client = connectClient(sim, fresh.auth)
    clients.push(client)
    await client.until("open", (u) => u.connection === "open")

    const devices = (await (await fetch(`${sim.controlUrl}/devices`)).json()) as { devices: Array<{ liveSockets: number }> }
    assert.deepStrictEqual(devices.devices.map((d) => d.liveSockets), [1])
    const dropped = await post(sim, "drop", { sessionId: "kate" })
    assert.deepStrictEqual(await dropped.json(), { dropped: 1 })
    assert.strictEqual(await client.closed(), DisconnectReason.connectionClosed)
    assert.strictEqual((await post(sim, "refuse", { jid: `+${phone}` })).status, 204)
    assert.strictEqual((await post(sim, "accept", { jid: `${phone}@s.whatsapp.net` })).status, 204)
    const unlinked = await post(sim, "unlink", { jid: `${phone}:1@s.whatsapp.net` })
    assert.deepStrictEqual(await unlinked.json(), { unlinked: [`${phone}:1@s.whatsapp.net`] })
  })

  it("answers bad requests in wagate's error envelope", async () => {
    const cases: Array<[Promise<Response>, number, string, Record<string, string>?]> = [
      [post(sim, "scan", { qr: "nope", extra: 1 }), 400, "validation_error", { extra: "is not a field of this operation" }],
      [post(sim, "scan", {}), 400, "validation_error", { qr: "is required" }],
      [post(sim, "scan", { qr: 5 }), 400, "validation_error", { qr: "must be a string" }],
      [post(sim, "unlink", "{not json"), 400, "validation_error", { body: "must be a JSON object" }],
      [post(sim, "unlink", [1]), 400, "validation_error", { body: "must be a JSON object" }],
      [post(sim, "unlink", { sessionId: "nobody" }), 404, "not_found"],
      [post(sim, "unlink", { jid: "x", sessionId: "y" }), 400, "validation_error"],
      [post(sim, "teleport", {}), 404, "not_found"],
      [fetch(`${sim.controlUrl}/unlink`), 405, "method_not_allowed"],
      [fetch(`${sim.controlUrl.replace("/control", "/elsewhere")}`), 404, "not_found"],
      [post(sim, "scan", "x".repeat(70_000)), 413, "payload_too_large"]
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
