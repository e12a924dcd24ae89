import { assert, describe, it } from "@effect/vitest"
import { type BinaryNode, buildAckStanza } from "@whiskeysockets/baileys"
import { World } from "../src/accounts/World.ts"
import { Outbox } from "../src/delivery/Outbox.ts"
import { node } from "../src/protocol/nodes.ts"
import { LiveSockets } from "../src/transport/LiveSockets.ts"

const GROUP = "120363000000000001@g.us"
const notification = (id: string) => node("notification", { id, type: "w:gp2", from: GROUP, participant: "1@lid" })
/** The client's ack, built by Baileys itself. */
const ack = (stanza: BinaryNode) => buildAckStanza(stanza, undefined, "15550400002:1@s.whatsapp.net")
const ids = (stanzas: ReadonlyArray<BinaryNode>) => stanzas.map((s) => s.attrs["id"])

/** A device without a live socket, as after its last socket closed. */
const offlineDevice = () => {
  const device = new World().account("15550400001").devices.get(0)
  if (device === undefined) throw new Error("an account has its phone device")
  return device
}

describe("the outbox of pushed stanzas", () => {
  it("queues for a device without a socket, hands over marked offline, and keeps each stanza until the device acks it", () => {
    const outbox = new Outbox(new LiveSockets())
    const device = offlineDevice()
    const [one, two] = [notification("1"), notification("2")]
    outbox.deliver(device, one)
    outbox.deliver(device, two)
    assert.deepStrictEqual(outbox.pending(device), ["1", "2"])
    const handed = outbox.handOver(device)
    assert.deepStrictEqual(ids(handed), ["1", "2"])
    assert.isTrue(handed.every((s) => s.attrs["offline"] === "1"))
    assert.deepStrictEqual(outbox.handOver(device), [], "handed over once")
    assert.isTrue(outbox.acknowledge(device, ack(handed[0]!)))
    assert.isFalse(outbox.acknowledge(device, ack(handed[0]!)), "acked once")
    assert.isFalse(outbox.acknowledge(device, ack(notification("unknown"))))
    assert.deepStrictEqual(outbox.pending(device), ["2"])
  })

  it("tells apart stanzas that share an id: a message, its delivery and read receipts, receipts from two members", () => {
    const outbox = new Outbox(new LiveSockets())
    const device = offlineDevice()
    const message = node("message", { id: "M", from: GROUP, participant: "1@lid", type: "text" })
    const delivered = node("receipt", { id: "M", from: GROUP, participant: "2@lid" })
    const read = node("receipt", { id: "M", from: GROUP, participant: "2@lid", type: "read" })
    const readByOther = node("receipt", { id: "M", from: GROUP, participant: "3@lid", type: "read" })
    for (const stanza of [message, delivered, read, readByOther]) outbox.deliver(device, stanza)
    assert.isTrue(outbox.acknowledge(device, ack(read)))
    assert.isTrue(outbox.acknowledge(device, ack(message)))
    assert.strictEqual(outbox.handOver(device).length, 2)
    assert.isTrue(outbox.acknowledge(device, ack(delivered)))
    assert.isTrue(outbox.acknowledge(device, ack(readByOther)))
    assert.deepStrictEqual(outbox.pending(device), [])
  })

  it("at the next login, what was handed over and never acked is queued again, in first-delivery order, acked ones never", () => {
    const outbox = new Outbox(new LiveSockets())
    const device = offlineDevice()
    const [a, b, c, d] = ["a", "b", "c", "d"].map(notification)
    for (const stanza of [a, b, c]) outbox.deliver(device, stanza!)
    outbox.handOver(device)
    outbox.acknowledge(device, ack(b!))
    // The socket died before acking a and c; d arrived while the device was away.
    outbox.deliver(device, d!)
    outbox.requeue(device)
    // Requeueing twice does not duplicate.
    outbox.requeue(device)
    const again = outbox.handOver(device)
    assert.deepStrictEqual(ids(again), ["a", "c", "d"])
    for (const stanza of again) outbox.acknowledge(device, ack(stanza))
    outbox.requeue(device)
    assert.deepStrictEqual(outbox.handOver(device), [])
    assert.deepStrictEqual(outbox.pending(device), [])
  })
})
