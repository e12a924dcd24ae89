import { assert, describe, it } from "@effect/vitest"
import { World } from "../src/accounts/World.ts"
import { Outbox } from "../src/delivery/Outbox.ts"
import { node } from "../src/protocol/nodes.ts"
import { LiveSockets } from "../src/transport/LiveSockets.ts"

const notification = (id: string) => node("notification", { id, type: "w:gp2", from: "120363000000000001@g.us" })

/** A device without a live socket, as after its last socket closed. */
const offlineDevice = () => {
  const device = new World().account("15550400001").devices.get(0)
  if (device === undefined) throw new Error("an account has its phone device")
  return device
}

/** What `passive/active` does at a login: the queue is handed over to the socket. */
const handOver = (queue: Array<unknown>) => queue.splice(0, queue.length)

describe("the outbox of pushed stanzas", () => {
  it("queues for a device without a socket and keeps each stanza until the device acks its id", () => {
    const outbox = new Outbox(new LiveSockets())
    const device = offlineDevice()
    outbox.deliver(device, notification("1"))
    outbox.deliver(device, notification("2"))
    assert.deepStrictEqual(device.offline.map((s) => s.attrs["id"]), ["1", "2"])
    assert.deepStrictEqual(outbox.pending(device), ["1", "2"])
    handOver(device.offline)
    assert.isTrue(outbox.acknowledge(device, "1"))
    assert.isFalse(outbox.acknowledge(device, "1"), "acked once")
    assert.isFalse(outbox.acknowledge(device, "unknown"))
    assert.deepStrictEqual(outbox.pending(device), ["2"])
  })

  it("at the next login, what was handed over and never acked is queued again, in first-delivery order, acked ones never", () => {
    const outbox = new Outbox(new LiveSockets())
    const device = offlineDevice()
    for (const id of ["a", "b", "c"]) outbox.deliver(device, notification(id))
    handOver(device.offline)
    outbox.acknowledge(device, "b")
    // The socket died before acking a and c; d arrived while the device was away.
    outbox.deliver(device, notification("d"))
    outbox.requeue(device)
    assert.deepStrictEqual(device.offline.map((s) => s.attrs["id"]), ["a", "c", "d"])
    // Requeueing twice does not duplicate.
    outbox.requeue(device)
    assert.deepStrictEqual(device.offline.map((s) => s.attrs["id"]), ["a", "c", "d"])
    handOver(device.offline)
    for (const id of ["a", "c", "d"]) outbox.acknowledge(device, id)
    outbox.requeue(device)
    assert.deepStrictEqual(device.offline, [])
    assert.deepStrictEqual(outbox.pending(device), [])
  })
})
