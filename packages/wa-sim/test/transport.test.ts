import { assert, describe, it } from "@effect/vitest"
import { startWaSim } from "@wagate/wa-sim"
import { WebSocket } from "ws"
import { encodeFrame, FrameReader, FramingError } from "../src/transport/frames.ts"
import { connectClient } from "./support/client.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

describe("frames", () => {
  it("reads the intro, then frames split across and packed into messages", () => {
    const reader = new FrameReader()
    const one = encodeFrame(Uint8Array.of(1, 2, 3))
    const two = encodeFrame(new Uint8Array(300).fill(7))
    const stream = Buffer.concat([Uint8Array.of(0x57, 0x41, 6, 3), one, two])
    assert.deepStrictEqual(reader.push(stream.subarray(0, 2)), [])
    assert.deepStrictEqual(reader.push(stream.subarray(2, 9)), [])
    assert.deepStrictEqual(reader.prologue, Uint8Array.of(0x57, 0x41, 6, 3))
    const frames = reader.push(stream.subarray(9))
    assert.deepStrictEqual(frames.map((f) => f.length), [3, 300])
    assert.deepStrictEqual([...frames[0]!], [1, 2, 3])
  })

  it("skips an edge-routing prefix before the WA header", () => {
    const reader = new FrameReader()
    const routing = Uint8Array.of(9, 9)
    const stream = Buffer.concat([Uint8Array.of(0x45, 0x44, 0, 1, 0, 0, 2), routing, Uint8Array.of(0x57, 0x41, 6, 3), encodeFrame(Uint8Array.of(5))])
    assert.deepStrictEqual(reader.push(stream).map((f) => [...f]), [[5]])
    assert.deepStrictEqual(reader.prologue, Uint8Array.of(0x57, 0x41, 6, 3))
  })

  it("refuses a stream that does not start with the intro", () => {
    assert.throws(() => new FrameReader().push(Buffer.from("GET / HTTP/1.1")), FramingError)
  })
})

describe("the socket", () => {
  const world = simulatorPerTest()
  const { clients } = world

  it("completes the Noise handshake with the real client and shows it a QR code", async () => {
    const client = connectClient(world.sim)
    clients.push(client)
    await client.until("qr", (u) => typeof u.qr === "string")
  })

  it("closes a socket that does not speak the protocol, and answers 404 on other paths", async () => {
    const garbage = new WebSocket(world.sim.url)
    await new Promise((resolve) => garbage.once("open", resolve))
    const closed = new Promise((resolve) => garbage.once("close", resolve))
    garbage.send(Buffer.from("hello, is this WhatsApp?"))
    await closed
    const wrongPath = new WebSocket(world.sim.url.replace("/ws/chat", "/ws/other"))
    const status = await new Promise<number | undefined>((resolve) => {
      wrongPath.once("unexpected-response", (_request, response) => resolve(response.statusCode))
      wrongPath.once("error", () => resolve(undefined))
    })
    assert.strictEqual(status, 404)
  })

  it("keeps one root across restarts when given the key pair", async () => {
    const { Curve } = await import("@whiskeysockets/baileys")
    const rootKey = Curve.generateKeyPair()
    const first = await startWaSim({ rootKey })
    const second = await startWaSim({ rootKey })
    try {
      assert.strictEqual(first.rootPublicKey, Buffer.from(rootKey.public).toString("base64"))
      assert.strictEqual(second.rootPublicKey, first.rootPublicKey)
    } finally {
      await first.close()
      await second.close()
    }
  })
})
