import type { Account } from "../accounts/Account.ts"
import { type BinaryNode, S_WHATSAPP_NET } from "../protocol/baileys.ts"
import { node } from "../protocol/nodes.ts"
import { type Addressing, deviceJidIn, type DeviceRef, userJidIn } from "./addressing.ts"

/** Where a message was sent: a user (the peer, as the sender named it) or a group. */
export type Chat =
  | { readonly kind: "direct"; readonly peer: Account }
  | { readonly kind: "group"; readonly jid: string }

/** A message on its way from one device to the devices of a chat: what every delivered copy shares. */
export interface Envelope {
  readonly id: string
  /** The stanza `type` (text, media, poll, reaction…). */
  readonly type: string
  readonly t: number
  readonly sender: DeviceRef
  readonly chat: Chat
  /** How the sender named the chat's people: the delivered copies name the sender the same way. */
  readonly addressing: Addressing
  /** Attributes passed on as sent (`edit`, `category`). */
  readonly passed: Readonly<Record<string, string>>
  /** What every recipient gets after its own `<enc>`: the group's `skmsg`, `meta`. */
  readonly shared: ReadonlyArray<BinaryNode>
  /** The sender's `<device-identity>`, passed on with a `pkmsg`. */
  readonly deviceIdentity: BinaryNode | undefined
}

/** One device's copy of a message: the device and its own `<enc>` (none when the shared `skmsg` is all it needs). */
export interface Delivery {
  readonly target: DeviceRef
  readonly own: BinaryNode | undefined
}

const other = (addressing: Addressing): Addressing => (addressing === "lid" ? "pn" : "lid")

/**
 * The copy of a message one device receives. Direct: `from` = the sender's device, with the sender's other JID
 * in `sender_lid`/`sender_pn`; the sender's own other devices get `recipient` = the chat (and the peer's
 * other JID in `peer_recipient_lid`/`_pn`). Group: `from` = the group, `participant` = the sender's device,
 * `addressing_mode`, and `participant_pn`/`_lid`. Then the device's own `<enc>` (a `pkmsg`/`msg`, first, so a
 * sender key it carries is known before the `skmsg` that needs it), the shared children, and the device
 * identity with a `pkmsg`. Read by Baileys' `decodeMessageNode`/`extractAddressingContext`
 * (Utils/decode-wa-message.js) and whatsmeow's `parseMessageSource`/`decryptMessages` (message.go), which both
 * decrypt the `<enc>` children in order.
 */
export const deliveredCopy = (envelope: Envelope, target: DeviceRef, own: BinaryNode | undefined): BinaryNode => {
  const { addressing, chat, id, passed, sender, t, type } = envelope
  const senderJid = deviceJidIn(sender.device, addressing)
  const senderAlt = userJidIn(sender.account, other(addressing))
  const common = { id, t: String(t), type, ...passed }
  const attrs: Record<string, string> = chat.kind === "group"
    ? {
      from: chat.jid,
      participant: senderJid,
      addressing_mode: addressing,
      [addressing === "lid" ? "participant_pn" : "participant_lid"]: senderAlt,
      ...common
    }
    : target.account === sender.account
    ? {
      from: senderJid,
      recipient: userJidIn(chat.peer, addressing),
      [addressing === "lid" ? "peer_recipient_pn" : "peer_recipient_lid"]: userJidIn(chat.peer, other(addressing)),
      ...common
    }
    : { from: senderJid, [addressing === "lid" ? "sender_pn" : "sender_lid"]: senderAlt, ...common }
  const withIdentity = own?.attrs["type"] === "pkmsg" && envelope.deviceIdentity !== undefined ? [envelope.deviceIdentity] : []
  return node("message", attrs, [...(own ? [own] : []), ...envelope.shared, ...withIdentity])
}

/** A receipt for a message, from one of its recipients back to the sender's devices. */
export const receiptFor = (
  envelope: Pick<Envelope, "id" | "chat" | "addressing">,
  recipient: Account,
  t: number,
  type: "read" | undefined
): BinaryNode =>
  receiptNode({ ids: [envelope.id], chat: envelope.chat, addressing: envelope.addressing, from: recipient, t, type })

/**
 * `<receipt from id t [type]>` (direct) or `<receipt from=group participant id t [type]>`; no type means
 * delivered. Baileys `handleReceipt` (Socket/messages-recv.js) turns a direct one into `messages.update`
 * (`getStatusFromReceiptType`: none → DELIVERY_ACK, `read` → READ) and a group one with `participant` into
 * `message-receipt.update`; whatsmeow `parseReceipt` (receipt.go) reads the same attributes and a `<list>` of
 * further ids.
 */
export const receiptNode = (input: {
  readonly ids: ReadonlyArray<string>
  readonly chat: Chat
  readonly addressing: Addressing
  readonly from: Account
  readonly fromJid?: string | undefined
  readonly t: number
  readonly type: string | undefined
  readonly content?: ReadonlyArray<BinaryNode> | undefined
}): BinaryNode => {
  const { addressing, chat, from, ids, t, type } = input
  const recipient = input.fromJid ?? userJidIn(from, addressing)
  const [first, ...rest] = ids
  const attrs = chat.kind === "group"
    ? { from: chat.jid, participant: recipient, id: first, t: String(t), type }
    : { from: recipient, id: first, t: String(t), type }
  const list = rest.length > 0 ? [node("list", {}, rest.map((id) => node("item", { id })))] : []
  const content = input.content ?? list
  return node("receipt", attrs, content.length > 0 ? [...content] : undefined)
}

/**
 * The server's `<ack class="message" id from t [error]>` for a sent message: Baileys only looks at acks with an
 * `error` (`handleBadAck` → `messages.update` status ERROR); whatsmeow's `SendMessage` waits for it and reads
 * `t`, `error` and an optional `phash` (send.go).
 */
export const messageAck = (id: string, to: string, t: number, error?: number): BinaryNode =>
  node("ack", { class: "message", id, from: to, t: String(t), error: error === undefined ? undefined : String(error) })

/** The server's `<ack class="receipt" id from [type]>` for a client's receipt. */
export const receiptAck = (stanza: BinaryNode): BinaryNode =>
  node("ack", {
    class: "receipt",
    id: stanza.attrs["id"],
    from: stanza.attrs["to"] ?? S_WHATSAPP_NET,
    type: stanza.attrs["type"]
  })
