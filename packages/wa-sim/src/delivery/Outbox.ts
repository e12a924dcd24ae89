import type { Device } from "../accounts/Account.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import type { LiveSockets } from "../transport/LiveSockets.ts"

interface Entry {
  readonly stanza: BinaryNode
  /** Global delivery order, so a requeue keeps the order of first delivery. */
  readonly order: number
}

/**
 * What identifies a pushed stanza in the client's ack: Baileys' `buildAckStanza` (Utils/stanza-ack.js) answers
 * `<ack id to=<from> class=<tag> [type] [participant] [recipient]>` (whatsmeow `sendAck` the same), so two
 * stanzas with one id (a message and its receipts, delivery and read receipts, receipts from several members)
 * are told apart by the rest.
 */
const keyOf = (tag: string, attrs: Readonly<Record<string, string>>, from: string | undefined): string =>
  [tag, attrs["id"], from, attrs["type"], attrs["participant"], attrs["recipient"]].map((part) => part ?? "").join("\u0000")

/** The key a client's `<ack>` names. */
export const ackKey = (ack: BinaryNode): string => keyOf(ack.attrs["class"] ?? "", ack.attrs, ack.attrs["to"])

/**
 * Every stanza the server pushes to a linked device: messages, receipts, group notifications. Each goes to the
 * device's live sockets, or into its offline queue (handed over at its next `passive/active`, marked
 * `offline="1"` as WhatsApp marks what waited: Baileys `processNode` queues it and upserts messages as
 * `append`), and is kept until the device acks it (`<ack>`: Baileys `sendMessageAck`, whatsmeow `sendAck`).
 * One that was sent but never acked (the socket died first) is queued again at the device's next login, in
 * the order it was first delivered, so the client still gets it.
 */
export class Outbox {
  private readonly unacked = new WeakMap<Device, Map<string, Entry>>()
  private readonly queued = new WeakMap<Device, Array<Entry>>()
  private sequence = 0
  private readonly live: LiveSockets

  constructor(live: LiveSockets) {
    this.live = live
  }

  /** Sends the stanza to the device now, or queues it for its next login; either way until acked (when it has an id). */
  deliver(device: Device, stanza: BinaryNode): void {
    const entry: Entry = { stanza, order: ++this.sequence }
    if (stanza.attrs["id"] !== undefined) this.unackedOf(device).set(keyOf(stanza.tag, stanza.attrs, stanza.attrs["from"]), entry)
    const sockets = this.live.of(device.jid)
    if (sockets.length === 0) this.queueOf(device).push(entry)
    else for (const socket of sockets) socket.send(stanza)
  }

  /** The device acked a stanza: it is never sent again. False when nothing it names waited. */
  acknowledge(device: Device, ack: BinaryNode): boolean {
    const pending = this.unacked.get(device)
    const key = ackKey(ack)
    const entry = pending?.get(key)
    if (pending === undefined || entry === undefined) return false
    pending.delete(key)
    const queue = this.queued.get(device)
    const at = queue?.indexOf(entry) ?? -1
    if (queue !== undefined && at >= 0) queue.splice(at, 1)
    return true
  }

  /** The ids of what was delivered to the device and not acked yet, oldest first. */
  pending(device: Device): ReadonlyArray<string> {
    return [...(this.unacked.get(device)?.values() ?? [])].sort((a, b) => a.order - b.order).map((entry) => entry.stanza.attrs["id"] ?? "")
  }

  /** At a login: what an earlier socket was sent and never acked goes back into the offline queue, in order. */
  requeue(device: Device): void {
    const pending = this.unacked.get(device)
    if (pending === undefined || pending.size === 0) return
    const queue = this.queueOf(device)
    const queued = new Set(queue)
    const again = [...pending.values()].filter((entry) => !queued.has(entry))
    if (again.length === 0) return
    const merged = [...queue, ...again].sort((a, b) => a.order - b.order)
    queue.splice(0, queue.length, ...merged)
  }

  /** At `passive/active`: the queued stanzas, marked `offline="1"`, in order; they stay unacked until acked. */
  handOver(device: Device): ReadonlyArray<BinaryNode> {
    const queue = this.queued.get(device) ?? []
    return queue.splice(0, queue.length).map(({ stanza }) => ({ ...stanza, attrs: { ...stanza.attrs, offline: "1" } }))
  }

  private unackedOf(device: Device): Map<string, Entry> {
    const known = this.unacked.get(device)
    if (known !== undefined) return known
    const created = new Map<string, Entry>()
    this.unacked.set(device, created)
    return created
  }

  private queueOf(device: Device): Array<Entry> {
    const known = this.queued.get(device)
    if (known !== undefined) return known
    const created: Array<Entry> = []
    this.queued.set(device, created)
    return created
  }
}
