import type { Device } from "../accounts/Account.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import type { LiveSockets } from "../transport/LiveSockets.ts"

/**
 * Stanzas the server pushes to a device (group notifications; messages and receipts can use it too). Each one
 * goes to the device's live sockets, or into its offline queue (handed over at its next `passive/active`), and
 * is kept until the device acks its id (`<ack id class>`: Baileys `sendMessageAck`, whatsmeow `sendAck`). One
 * that was sent but never acked (the socket died first) is queued again at the device's next login, in the
 * order it was first delivered, so the client still gets it once.
 */
export class Outbox {
  private readonly unacked = new WeakMap<Device, Map<string, BinaryNode>>()
  private readonly order = new WeakMap<BinaryNode, number>()
  private sequence = 0
  private readonly live: LiveSockets

  constructor(live: LiveSockets) {
    this.live = live
  }

  /** Sends the stanza to the device now, or queues it for its next login; either way until acked. */
  deliver(device: Device, stanza: BinaryNode): void {
    if (!this.order.has(stanza)) this.order.set(stanza, ++this.sequence)
    const id = stanza.attrs["id"]
    if (id !== undefined) this.pendingOf(device).set(id, stanza)
    const sockets = this.live.of(device.jid)
    if (sockets.length === 0) device.offline.push(stanza)
    else for (const socket of sockets) socket.send(stanza)
  }

  /** The device acked a stanza: it is never sent again. False when nothing with that id waited. */
  acknowledge(device: Device, id: string): boolean {
    const pending = this.unacked.get(device)
    const stanza = pending?.get(id)
    if (pending === undefined || stanza === undefined) return false
    pending.delete(id)
    const queued = device.offline.indexOf(stanza)
    if (queued >= 0) device.offline.splice(queued, 1)
    return true
  }

  /** Ids delivered to the device and not acked yet, oldest first. */
  pending(device: Device): ReadonlyArray<string> {
    return [...(this.unacked.get(device)?.keys() ?? [])]
  }

  /** At a login: what an earlier socket was sent and never acked goes back into the offline queue, in order. */
  requeue(device: Device): void {
    const pending = this.unacked.get(device)
    if (pending === undefined || pending.size === 0) return
    const queued = new Set(device.offline)
    const again = [...pending.values()].filter((stanza) => !queued.has(stanza))
    if (again.length === 0) return
    const rank = (stanza: BinaryNode) => this.order.get(stanza) ?? Number.MAX_SAFE_INTEGER
    const merged = [...device.offline, ...again].sort((a, b) => rank(a) - rank(b))
    device.offline.splice(0, device.offline.length, ...merged)
  }

  private pendingOf(device: Device): Map<string, BinaryNode> {
    const known = this.unacked.get(device)
    if (known !== undefined) return known
    const created = new Map<string, BinaryNode>()
    this.unacked.set(device, created)
    return created
  }
}
