import type { Account, Device } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import type { Outbox } from "../delivery/Outbox.ts"
import { WaSimError } from "../errors.ts"
import type { Log } from "../Log.ts"
import { type BinaryNode, decryptMessageNode, generateMessageIDV2, proto } from "../protocol/baileys.ts"
import { child, children } from "../protocol/nodes.ts"
import { type BaileysLogger, baileysLogger } from "../signal/baileysLogger.ts"
import { Phones } from "../signal/Phones.ts"
import type { Connection } from "../transport/Connection.ts"
import { accountOfJid, addressingOf, deviceJidIn, deviceOfJid, type DeviceRef, namesDevice } from "./addressing.ts"
import { contentOf, rawOf } from "./content.ts"
import {
  type Chat,
  deliveredCopy,
  type Delivery,
  type Envelope,
  messageAck,
  receiptAck,
  receiptFor,
  receiptNode
} from "./envelope.ts"
import type { GroupDirectory, GroupMembership } from "./GroupDirectory.ts"
import { PhoneRecords } from "./PhoneRecords.ts"
import { PhoneSender } from "./PhoneSender.ts"
import type { ReceiptRecord, ReceiptSettings, ReceivedMessage, SubmittedMessage } from "./records.ts"
import { type ChatStateRecord, chatStateOf, ChatStates } from "./ChatStates.ts"
import { Submissions } from "./Submissions.ts"

export interface MessagingOptions {
  readonly world: World
  readonly outbox: Outbox
  readonly log: Log
  readonly nowSeconds: () => number
  readonly groups: GroupDirectory
}

type Plan =
  | { readonly error: number }
  | {
    readonly envelope: Envelope
    readonly deliveries: ReadonlyArray<Delivery>
    /** A copy for one device (a retry after it could not decrypt, a peer message): not a new submission of the id. */
    readonly oneDevice: boolean
  }

/** Where a played phone sends: a user or a group. */
export type SendTarget = { readonly user: Account } | { readonly group: string }

/** Receipt types a client sends that go on to the message's sender, by what they become there. */
const FORWARDED: Readonly<Record<string, ReceiptRecord["type"]>> = {
  "": "delivery",
  inactive: "delivery",
  read: "read",
  played: "played",
  retry: "retry"
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Messages between devices: receives what clients send (`<message>`, `<receipt>`), acks it, and hands each
 * recipient device its copy: a linked companion over its socket (or at its next login), a phone (device 0, which
 * the simulator plays for every account) by decrypting it with the phone's Signal state and recording what it
 * says, then answering with delivery and read receipts. Played phones also send (the control API's `send`),
 * encrypting for every device of the chat as a client does. One queue orders all Signal work.
 */
export class Messaging {
  readonly phones: Phones
  private readonly world: World
  private readonly outbox: Outbox
  private readonly log: Log
  private readonly nowSeconds: () => number
  private readonly groups: GroupDirectory
  private readonly logger: BaileysLogger
  private readonly sender: PhoneSender
  private readonly records = new PhoneRecords()
  private readonly submissions = new Submissions()
  private readonly chatStates = new ChatStates()
  private queue: Promise<void> = Promise.resolve()
  /** The device each message id was sent from, so its receipts find their way back. */
  private readonly sentBy = new Map<string, DeviceRef>()

  constructor(options: MessagingOptions) {
    this.world = options.world
    this.outbox = options.outbox
    this.log = options.log
    this.nowSeconds = options.nowSeconds
    this.groups = options.groups
    this.logger = baileysLogger(options.log)
    this.phones = new Phones(options.world, options.log)
    this.sender = new PhoneSender(this.phones, options.nowSeconds)
  }

  /** A `<message>` from a client: acked at once (with an error when it cannot go anywhere), then delivered. */
  fromClient(origin: DeviceRef, connection: Connection, stanza: BinaryNode): void {
    const { id, to } = stanza.attrs
    if (id === undefined || to === undefined) {
      this.log("warn", "a message without id or to", { device: origin.device.jid })
      return
    }
    const plan = this.plan(origin, stanza, id, to)
    connection.send(messageAck(id, to, this.nowSeconds(), "error" in plan ? plan.error : undefined))
    if ("error" in plan) {
      this.log("info", "message refused", { device: origin.device.jid, to, error: plan.error })
      return
    }
    this.sentBy.set(id, origin)
    // WhatsApp de-duplicates by id: a repeat (the client lost the ack) is acked again and not delivered again.
    const chat = plan.envelope.chat.kind === "group" ? plan.envelope.chat.jid : plan.envelope.chat.peer.jid
    if (!plan.oneDevice && !this.submissions.record(origin.account, chat, id)) {
      this.log("info", "message id sent again: acked, not delivered again", { device: origin.device.jid, id })
      return
    }
    void this.enqueue("delivery", () => this.deliver(plan.envelope, plan.deliveries)).catch(() => {})
  }

  /**
   * A `<receipt>` from a client for a message it received: acked, and passed on to the message's sender
   * (`from` = the receiving user, as the sender named them; a group's with `participant`). Receipts about the
   * client's own messages (`sender`, `peer_msg`, `hist_sync`, `read-self`) stay with the server.
   */
  receiptFromClient(origin: DeviceRef, connection: Connection, stanza: BinaryNode): void {
    connection.send(receiptAck(stanza))
    const { id, participant, to, type } = stanza.attrs
    const kind = FORWARDED[type ?? ""]
    const isGroup = to?.endsWith("@g.us") ?? false
    const senderJid = isGroup ? participant : to
    if (id === undefined || to === undefined || kind === undefined || senderJid === undefined) return
    const sender = accountOfJid(this.world, senderJid)
    if (sender === undefined || sender === origin.account) return
    const addressing = addressingOf(senderJid)
    const ids = [id, ...children(child(stanza, "list")).flatMap((item) => item.attrs["id"] ?? [])]
    const t = this.nowSeconds()
    const chat: Chat = isGroup ? { kind: "group", jid: to } : { kind: "direct", peer: origin.account }
    const sentFrom = this.sentBy.get(id)
    if (sentFrom?.device.id === 0 || (sentFrom === undefined && sender.companions.length === 0)) {
      for (const messageId of ids) {
        this.records.addReceipt(sender, {
          messageId,
          chat: isGroup ? to : origin.account.jid,
          from: origin.account.jid,
          device: origin.device.jid,
          type: kind,
          timestamp: t
        })
      }
      return
    }
    const receipt = receiptNode({
      ids,
      chat,
      addressing,
      from: origin.account,
      // A retry names the device that could not decrypt, so the sender re-encrypts for that one.
      fromJid: kind === "retry" ? deviceJidIn(origin.device, addressing) : undefined,
      t,
      type: kind === "delivery" ? undefined : kind,
      content: children(stanza)
    })
    for (const companion of sender.companions) this.toCompanion(companion, receipt)
  }

  /**
   * A played phone sends a message, as a client would: to every device of the user (and the sender's own
   * companions, as a device-sent copy), or to every device of the group's participants with a sender key
   * (`skmsg`), handing its sender key in a `pkmsg` to devices that do not have it yet. Resolves with the
   * message id once every copy is delivered or queued.
   */
  sendAs(sender: Account, target: SendTarget, message: proto.IMessage): Promise<string> {
    const phone = sender.devices.get(0)
    if (phone === undefined) throw new WaSimError("not_found", `${sender.jid} has no phone`)
    const origin: DeviceRef = { account: sender, device: phone }
    const id = generateMessageIDV2(sender.jid)
    if ("group" in target) {
      const membership = this.groups.membership(target.group)
      if (membership === undefined) throw new WaSimError("not_found", `no group ${target.group}`)
      const members = this.members(membership)
      if (!members.includes(sender)) throw new WaSimError("conflict", `${sender.jid} is not a participant of ${target.group}`)
      if (!this.maySend(membership, sender)) throw new WaSimError("conflict", `only admins send in ${target.group}`)
      return this.enqueue("group send", async () => {
        this.sentBy.set(id, origin)
        await this.deliver(...(await this.sender.group(origin, id, target.group, members, membership.addressingMode, message)))
        return id
      })
    }
    if (target.user === sender) throw new WaSimError("validation_error", "a phone does not send to itself", { to: "is the sender" })
    return this.enqueue("direct send", async () => {
      this.sentBy.set(id, origin)
      await this.deliver(...(await this.sender.direct(origin, id, target.user, message)))
      return id
    })
  }

  /**
   * A `<chatstate>` from a client: recorded, and neither acked nor answered, as WhatsApp does. It is not passed on
   * to the chat's other devices: no client of the simulated world shows it.
   */
  chatStateFromClient(origin: DeviceRef, stanza: BinaryNode): void {
    const chat = stanza.attrs["to"]
    const state = chatStateOf(stanza)
    if (chat === undefined || state === undefined) {
      this.log("warn", "a chatstate without to or a known state", { device: origin.device.jid })
      return
    }
    this.chatStates.record(origin.account, { chat, state, device: origin.device.jid })
  }

  /** The chat states the account's clients sent, in order. */
  chatStatesOf(account: Account): ReadonlyArray<ChatStateRecord> {
    return this.chatStates.of(account)
  }

  /** The device a message was sent from, if the server saw it go by. */
  senderOf(messageId: string): DeviceRef | undefined {
    return this.sentBy.get(messageId)
  }

  /** The message ids the account's clients sent, each with how many times, in first-acceptance order. */
  submitted(account: Account): ReadonlyArray<SubmittedMessage> {
    return this.submissions.of(account)
  }

  /** What the account's phone received, in order. */
  received(account: Account): ReadonlyArray<ReceivedMessage> {
    return this.records.received(account)
  }

  /** The receipts that came back for what the account's phone sent, in order. */
  receiptsOf(account: Account): ReadonlyArray<ReceiptRecord> {
    return this.records.receipts(account)
  }

  /** How the account's phone answers what it receives (see `PhoneRecords.settings` for the defaults). */
  receiptSettings(account: Account): ReceiptSettings {
    return this.records.settings(account)
  }

  setReceiptSettings(account: Account, change: Partial<ReceiptSettings>): ReceiptSettings {
    return this.records.changeSettings(account, change)
  }

  /** The phone reads what is unread (or only the given ids): read receipts go to the senders. How many. */
  read(account: Account, ids?: ReadonlyArray<string>): Promise<number> {
    return this.enqueue("read", () => {
      const reading = this.records.takeUnread(account, ids)
      for (const envelope of reading) this.receiptToSender(envelope, account, "read")
      return Promise.resolve(reading.length)
    })
  }

  private plan(origin: DeviceRef, stanza: BinaryNode, id: string, to: string): Plan {
    const encs = children(stanza).filter((c) => c.tag === "enc")
    const direct = encs.find((enc) => enc.attrs["type"] !== "skmsg")
    const meta = children(stanza).filter((c) => c.tag === "meta")
    const perDevice = new Map<Device, Delivery>()
    for (const recipient of children(child(stanza, "participants"))) {
      const target = recipient.tag === "to" ? deviceOfJid(this.world, recipient.attrs["jid"] ?? "") : undefined
      if (target !== undefined) perDevice.set(target.device, { target, own: child(recipient, "enc") })
    }
    const passed: Record<string, string> = {}
    for (const name of ["edit", "category"]) {
      const value = stanza.attrs[name]
      if (value !== undefined) passed[name] = value
    }
    const base = {
      id,
      type: stanza.attrs["type"] ?? "text",
      t: this.nowSeconds(),
      sender: origin,
      passed,
      deviceIdentity: child(stanza, "device-identity")
    }
    if (to.endsWith("@g.us")) {
      const membership = this.groups.membership(to)
      if (membership === undefined) return { error: 404 }
      const members = this.members(membership)
      // Not a participant, or not an admin of an announcement group: refused as a whole (see docs/wa-sim.md).
      if (!members.includes(origin.account) || !this.maySend(membership, origin.account)) return { error: 403 }
      const mode = stanza.attrs["addressing_mode"]
      const addressing = mode === "lid" || mode === "pn" ? mode : membership.addressingMode
      const chat: Chat = { kind: "group", jid: to }
      // A copy for one device (a retry after it could not decrypt): the whole message in its own `<enc>`.
      const retry = stanza.attrs["participant"]
      if (retry !== undefined) {
        const target = deviceOfJid(this.world, retry)
        if (target === undefined) return { error: 404 }
        return { envelope: { ...base, chat, addressing, shared: meta }, deliveries: [{ target, own: direct }], oneDevice: true }
      }
      const skmsg = encs.filter((enc) => enc.attrs["type"] === "skmsg")
      const deliveries = members.flatMap((account) =>
        [...account.devices.values()]
          .filter((device) => device !== origin.device)
          .map((device) => ({ target: { account, device }, own: perDevice.get(device)?.own }))
      )
      return { envelope: { ...base, chat, addressing, shared: [...skmsg, ...meta] }, deliveries, oneDevice: false }
    }
    const peer = accountOfJid(this.world, stanza.attrs["recipient"] ?? to)
    if (peer === undefined) return { error: 404 }
    const envelope: Envelope = { ...base, chat: { kind: "direct", peer }, addressing: addressingOf(to), shared: meta }
    if (direct !== undefined && perDevice.size === 0) {
      // A copy for one device: a retry (`to` names the device) or a peer message to the account's own phone.
      const target = namesDevice(to) ? deviceOfJid(this.world, to) : { account: peer, device: peer.devices.get(0)! }
      return target === undefined ? { error: 404 } : { envelope, deliveries: [{ target, own: direct }], oneDevice: true }
    }
    const deliveries = [...perDevice.values()].filter(({ target }) =>
      (target.account === peer || target.account === origin.account) && target.device !== origin.device
    )
    return { envelope, deliveries, oneDevice: false }
  }

  /** Every participant may send, unless the group says who may (an announcement group: its admins). */
  private maySend(membership: GroupMembership, account: Account): boolean {
    return membership.senders === undefined || membership.senders.some((jid) => accountOfJid(this.world, jid) === account)
  }

  private members(membership: GroupMembership): ReadonlyArray<Account> {
    return [...new Set(membership.participants.flatMap((jid) => accountOfJid(this.world, jid) ?? []))]
  }

  private async deliver(envelope: Envelope, deliveries: ReadonlyArray<Delivery>): Promise<void> {
    for (const { own, target } of deliveries) {
      const copy = deliveredCopy(envelope, target, own)
      if (target.device.id === 0) await this.phoneReceives(target.account, envelope, copy)
      else this.toCompanion(target.device, copy)
    }
  }

  /** A linked companion gets its copy through the outbox: over every live socket, or at its next login. */
  private toCompanion(device: Device, stanza: BinaryNode): void {
    this.outbox.deliver(device, stanza)
  }

  /** The phone decrypts its copy with Baileys' `decryptMessageNode`, records it, and answers with receipts. */
  private async phoneReceives(account: Account, envelope: Envelope, copy: BinaryNode): Promise<void> {
    const played = this.phones.of(account)
    const { decrypt, fullMessage } = decryptMessageNode(copy, account.jid, account.lid, played.repository, this.logger)
    await decrypt()
    if (envelope.passed["category"] === "peer") return
    const message = fullMessage.message ?? undefined
    const failed = fullMessage.messageStubType === proto.WebMessageInfo.StubType.CIPHERTEXT || message === undefined
    const fromMe = envelope.sender.account === account
    const { chat, sender } = envelope
    this.records.addReceived(account, {
      id: envelope.id,
      chat: chat.kind === "group" ? chat.jid : fromMe ? chat.peer.jid : sender.account.jid,
      sender: sender.account.jid,
      senderLid: sender.account.lid,
      senderDevice: sender.device.jid,
      fromMe,
      timestamp: envelope.t,
      type: envelope.type,
      content: failed || message === undefined
        ? { kind: "undecryptable", reason: fullMessage.messageStubParameters?.[0] ?? "no content" }
        : contentOf(message),
      raw: failed || message === undefined ? undefined : rawOf(message)
    })
    if (failed) {
      this.log("warn", "a phone could not decrypt a message", { phone: account.jid, id: envelope.id })
      return
    }
    if (fromMe) return
    const settings = this.receiptSettings(account)
    if (settings.delivered) this.receiptToSender(envelope, account, undefined)
    if (settings.read) this.receiptToSender(envelope, account, "read")
    else this.records.addUnread(account, envelope)
  }

  /** A receipt from a recipient to the devices of the sender (a played phone records it). */
  private receiptToSender(envelope: Envelope, recipient: Account, type: "read" | undefined): void {
    const t = this.nowSeconds()
    const { account: sender, device } = envelope.sender
    if (device.id === 0) {
      this.records.addReceipt(sender, {
        messageId: envelope.id,
        chat: envelope.chat.kind === "group" ? envelope.chat.jid : recipient.jid,
        from: recipient.jid,
        device: recipient.jid,
        type: type ?? "delivery",
        timestamp: t
      })
      return
    }
    const receipt = receiptFor(envelope, recipient, t, type)
    for (const companion of sender.companions) this.toCompanion(companion, receipt)
  }

  private enqueue<T>(label: string, task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.then(
      () => {},
      (error: unknown) => this.log("warn", `${label} failed`, { error: errorText(error) })
    )
    return run
  }
}
