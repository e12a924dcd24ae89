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
import { accountOfJid, type Addressing, addressingOf, deviceJidIn, deviceOfJid, type DeviceRef, namesDevice } from "./addressing.ts"
import { contentOf, contextOf, rawOf } from "./content.ts"
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
import { PhoneHistory } from "./PhoneHistory.ts"
import type { ReceiptRecord, ReceiptSettings, ReceivedMessage, RefusedMessage, SubmittedMessage } from "./records.ts"
import { Refusals } from "./Refusals.ts"
import { type Change, changeOf, type Refusal, refusalOf } from "./rules.ts"
import { type LoggedMessage, ServerLog } from "./ServerLog.ts"
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
  | Refusal
  | {
    readonly envelope: Envelope
    readonly deliveries: ReadonlyArray<Delivery>
    /** A copy for one device (a retry after it could not decrypt, a peer message): not a new submission of the id. */
    readonly oneDevice: boolean
  }

/** What a phone made of its copy of a message: the message, or why it could not decrypt it. */
type Decrypted = { readonly message: proto.IMessage } | { readonly failure: string }

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

/** A device or user the message names that does not exist. */
const NOT_FOUND: Refusal = { error: 404, reason: "not_on_whatsapp" }

/** The id of the message an edit or a revoke is about (Baileys' `protocolMessage`, whatsmeow's `editedMessage`). */
const changedId = (message: proto.IMessage): string | undefined => {
  const protocol = message.protocolMessage ?? message.editedMessage?.message?.protocolMessage
  return protocol?.key?.id ?? undefined
}

/** The device JIDs a message's `<participants>` names (`<to jid>`), as the client wrote them: who got an own copy. */
const addressedBy = (stanza: BinaryNode): ReadonlyArray<string> =>
  children(child(stanza, "participants")).flatMap((to) => (to.tag === "to" ? to.attrs["jid"] ?? [] : []))

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
  private readonly now: () => number
  private readonly groups: GroupDirectory
  private readonly logger: BaileysLogger
  private readonly sender: PhoneSender
  private readonly records = new PhoneRecords()
  private readonly submissions = new Submissions()
  private readonly chatStates = new ChatStates()
  private readonly refusals = new Refusals()
  /** What each played phone received and sent, decrypted: what it quotes, edits, deletes and votes on. */
  readonly history = new PhoneHistory()
  private queue: Promise<void> = Promise.resolve()
  /** Every message the server routed, so receipts find their way back and edits and deletes can be checked. */
  private readonly routed = new ServerLog()

  constructor(options: MessagingOptions) {
    this.world = options.world
    this.outbox = options.outbox
    this.log = options.log
    this.now = options.nowSeconds
    this.groups = options.groups
    this.logger = baileysLogger(options.log)
    this.phones = new Phones(options.world, options.log)
    this.sender = new PhoneSender(this.phones, options.nowSeconds)
  }

  /**
   * A `<message>` from a client: acked at once (with an error when it cannot go anywhere), then delivered; an edit
   * or a delete for everyone is acked once checked (`checkThenDeliver`).
   */
  fromClient(origin: DeviceRef, connection: Connection, stanza: BinaryNode): void {
    const { id, to } = stanza.attrs
    if (id === undefined || to === undefined) {
      this.log("warn", "a message without id or to", { device: origin.device.jid })
      return
    }
    const plan = this.plan(origin, stanza, id, to)
    if ("error" in plan) {
      this.refuse(origin, connection, stanza, plan, undefined)
      return
    }
    const change = changeOf(stanza.attrs["edit"])
    if (change !== undefined && !plan.oneDevice) {
      void this.enqueue("checked delivery", () => this.checkThenDeliver(origin, connection, stanza, change, plan)).catch(() => {})
      return
    }
    connection.send(messageAck(id, to, this.nowSeconds()))
    if (!this.accept(origin, plan, stanza)) return
    void this.enqueue("delivery", () => this.deliver(plan.envelope, plan.deliveries)).catch(() => {})
  }

  /**
   * Records an acked message; false for a repeat of an id already accepted. WhatsApp de-duplicates by id: a
   * repeat (the client lost the ack) is acked again and not delivered again.
   */
  private accept(origin: DeviceRef, plan: Exclude<Plan, Refusal>, stanza: BinaryNode): boolean {
    const { envelope } = plan
    this.routed.record({ id: envelope.id, sender: origin, chat: envelope.chat, t: envelope.t })
    const chat = envelope.chat.kind === "group" ? envelope.chat.jid : envelope.chat.peer.jid
    if (!plan.oneDevice && !this.submissions.record(origin.account, chat, envelope.id, addressedBy(stanza))) {
      this.log("info", "message id sent again: acked, not delivered again", { device: origin.device.jid, id: envelope.id })
      return false
    }
    return true
  }

  /** Acks a message with an error, delivers it to nobody, and records the refusal for the control API. */
  private refuse(
    origin: DeviceRef,
    connection: Connection,
    stanza: BinaryNode,
    refusal: Refusal,
    about: { readonly change: Change; readonly target: string | undefined } | undefined
  ): void {
    const id = stanza.attrs["id"] ?? ""
    const to = stanza.attrs["to"] ?? ""
    const t = this.nowSeconds()
    connection.send(messageAck(id, to, t, refusal.error))
    this.log("info", "message refused", { device: origin.device.jid, to, error: refusal.error, reason: refusal.reason })
    const refused: RefusedMessage = {
      id,
      chat: to,
      device: origin.device.jid,
      error: refusal.error,
      reason: refusal.reason,
      change: about?.change,
      target: about?.target,
      timestamp: t
    }
    this.refusals.record(origin.account, refused)
  }

  /**
   * An edit or a delete for everyone from a client. The server cannot read what it changes (the key is inside
   * the encrypted message), so the simulator reads it through a phone it plays that the message goes to (the
   * sender's own, else the peer's): the phone decrypts its copy first, the rules are checked (`rules.ts`), and
   * the message is acked with an error and delivered to nobody, or acked and delivered to the other devices.
   */
  private async checkThenDeliver(
    origin: DeviceRef,
    connection: Connection,
    stanza: BinaryNode,
    change: Change,
    plan: Exclude<Plan, Refusal>
  ): Promise<void> {
    const { envelope, deliveries } = plan
    // A repeat of a refused id (the client sent it again) is refused again, without reading it a second time.
    const earlier = this.refusals.find(origin.account, envelope.id)
    if (earlier !== undefined) {
      connection.send(messageAck(envelope.id, stanza.attrs["to"] ?? "", this.nowSeconds(), earlier.error))
      return
    }
    const phones = deliveries.filter(({ target }) => target.device.id === 0)
    const reader = phones.find(({ target }) => target.account === origin.account) ?? phones[0]
    const decrypted = reader === undefined
      ? undefined
      : await this.phoneDecrypts(reader.target.account, deliveredCopy(envelope, reader.target, reader.own))
    const target = decrypted !== undefined && "message" in decrypted ? changedId(decrypted.message) : undefined
    if (target === undefined) {
      this.log("warn", "an edit or delete the server could not read: passed on unchecked", { device: origin.device.jid, id: envelope.id })
    } else {
      const refusal = refusalOf({
        change,
        actor: origin.account,
        chat: envelope.chat,
        target: this.routed.find(target),
        now: this.nowSeconds(),
        isAdmin: (group, account) => this.isAdmin(group, account)
      })
      if (refusal !== undefined) {
        this.refuse(origin, connection, stanza, refusal, { change, target })
        return
      }
    }
    connection.send(messageAck(envelope.id, stanza.attrs["to"] ?? "", this.nowSeconds()))
    if (!this.accept(origin, plan, stanza)) return
    if (reader !== undefined && decrypted !== undefined) this.phoneKeeps(reader.target.account, envelope, decrypted)
    await this.deliver(envelope, deliveries.filter((delivery) => delivery !== reader))
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
    const sentFrom = this.routed.find(id)?.sender
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
        const chat: Chat = { kind: "group", jid: target.group }
        this.phoneSent(origin, id, chat, message)
        await this.deliver(...(await this.sender.group(origin, id, target.group, members, membership.addressingMode, message)))
        return id
      })
    }
    if (target.user === sender) throw new WaSimError("validation_error", "a phone does not send to itself", { to: "is the sender" })
    return this.enqueue("direct send", async () => {
      this.phoneSent(origin, id, { kind: "direct", peer: target.user }, message)
      await this.deliver(...(await this.sender.direct(origin, id, target.user, message)))
      return id
    })
  }

  /** What a played phone sends is routed (the server's log) and held by the phone (its history). */
  private phoneSent(origin: DeviceRef, id: string, chat: Chat, message: proto.IMessage): void {
    this.routed.record({ id, sender: origin, chat, t: this.nowSeconds() })
    const account = origin.account
    this.history.add(account, { id, chat: chat.kind === "group" ? chat.jid : chat.peer.jid, sender: account, fromMe: true, message })
  }

  /** How a group names its members (by LID when the group is unknown: new groups are). */
  groupAddressing(group: string): Addressing {
    return this.groups.membership(group)?.addressingMode ?? "lid"
  }

  /** The server's time (seconds). */
  nowSeconds(): number {
    return this.now()
  }

  /** The message the server routed with this id (who sent it, where, when). */
  routedMessage(id: string): LoggedMessage | undefined {
    return this.routed.find(id)
  }

  /** Whether the account is an admin of the group. */
  isAdmin(group: string, account: Account): boolean {
    const admins = this.groups.membership(group)?.admins ?? []
    return admins.some((jid) => accountOfJid(this.world, jid) === account)
  }

  /** The messages the account's clients sent that the server refused, in order. */
  refusedOf(account: Account): ReadonlyArray<RefusedMessage> {
    return this.refusals.of(account)
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
    return this.routed.find(messageId)?.sender
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
      if (membership === undefined) return { error: 404, reason: "unknown_group" }
      const members = this.members(membership)
      // Not a participant, or not an admin of an announcement group: refused as a whole (see docs/wa-sim.md).
      if (!members.includes(origin.account)) return { error: 403, reason: "not_participant" }
      if (!this.maySend(membership, origin.account)) return { error: 403, reason: "announcement" }
      const mode = stanza.attrs["addressing_mode"]
      const addressing = mode === "lid" || mode === "pn" ? mode : membership.addressingMode
      const chat: Chat = { kind: "group", jid: to }
      // A copy for one device (a retry after it could not decrypt): the whole message in its own `<enc>`.
      const retry = stanza.attrs["participant"]
      if (retry !== undefined) {
        const target = deviceOfJid(this.world, retry)
        if (target === undefined) return NOT_FOUND
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
    if (peer === undefined) return { error: 404, reason: "not_on_whatsapp" }
    const envelope: Envelope = { ...base, chat: { kind: "direct", peer }, addressing: addressingOf(to), shared: meta }
    if (direct !== undefined && perDevice.size === 0) {
      // A copy for one device: a retry (`to` names the device) or a peer message to the account's own phone.
      const target = namesDevice(to) ? deviceOfJid(this.world, to) : { account: peer, device: peer.devices.get(0)! }
      return target === undefined ? NOT_FOUND : { envelope, deliveries: [{ target, own: direct }], oneDevice: true }
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

  /** The phone decrypts its copy, records it, and answers with receipts. */
  private async phoneReceives(account: Account, envelope: Envelope, copy: BinaryNode): Promise<void> {
    this.phoneKeeps(account, envelope, await this.phoneDecrypts(account, copy))
  }

  /** The phone decrypts its copy with Baileys' `decryptMessageNode`. */
  private async phoneDecrypts(account: Account, copy: BinaryNode): Promise<Decrypted> {
    const played = this.phones.of(account)
    const { decrypt, fullMessage } = decryptMessageNode(copy, account.jid, account.lid, played.repository, this.logger)
    await decrypt()
    const message = fullMessage.message ?? undefined
    if (fullMessage.messageStubType === proto.WebMessageInfo.StubType.CIPHERTEXT || message === undefined) {
      return { failure: fullMessage.messageStubParameters?.[0] ?? "no content" }
    }
    return { message }
  }

  /** The phone records what it decrypted (a peer message aside), holds it, and answers with receipts. */
  private phoneKeeps(account: Account, envelope: Envelope, decrypted: Decrypted): void {
    if (envelope.passed["category"] === "peer") return
    const fromMe = envelope.sender.account === account
    const { chat, sender } = envelope
    const chatJid = chat.kind === "group" ? chat.jid : fromMe ? chat.peer.jid : sender.account.jid
    const message = "message" in decrypted ? decrypted.message : undefined
    this.records.addReceived(account, {
      id: envelope.id,
      chat: chatJid,
      sender: sender.account.jid,
      senderLid: sender.account.lid,
      senderDevice: sender.device.jid,
      fromMe,
      timestamp: envelope.t,
      type: envelope.type,
      content: "failure" in decrypted ? { kind: "undecryptable", reason: decrypted.failure } : contentOf(decrypted.message),
      context: message === undefined ? undefined : contextOf(message),
      raw: message === undefined ? undefined : rawOf(message)
    })
    if (message === undefined) {
      this.log("warn", "a phone could not decrypt a message", { phone: account.jid, id: envelope.id })
      return
    }
    this.history.add(account, { id: envelope.id, chat: chatJid, sender: sender.account, fromMe, message })
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
