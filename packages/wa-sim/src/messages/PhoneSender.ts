import type { Account, Device } from "../accounts/Account.ts"
import { type BinaryNode, encodeWAMessage, parseAndInjectE2ESessions, type proto } from "../protocol/baileys.ts"
import { node } from "../protocol/nodes.ts"
import type { Phones } from "../signal/Phones.ts"
import type { PlayedDevice } from "../signal/PlayedDevice.ts"
import { bundleNode } from "../signal/preKeyBundles.ts"
import { type Addressing, type DeviceRef, userJidIn } from "./addressing.ts"
import { editAttributeOf, mediaTypeOf, pollMetaOf, stanzaTypeOf } from "./compose.ts"
import type { Delivery, Envelope } from "./envelope.ts"

/**
 * What a played phone sends, encrypted as a client encrypts it (Baileys `relayMessage`): every copy of the
 * message with the devices it goes to, ready for the router to deliver.
 */
export class PhoneSender {
  private readonly phones: Phones
  private readonly nowSeconds: () => number
  /** The devices a phone has given its sender key for a group, by `phone jid group jid`. */
  private readonly senderKeysGiven = new Map<string, Set<Device>>()

  constructor(phones: Phones, nowSeconds: () => number) {
    this.phones = phones
    this.nowSeconds = nowSeconds
  }

  /** To every device of the peer, and to the sender's own companions as a device-sent copy. */
  async direct(origin: DeviceRef, id: string, peer: Account, message: proto.IMessage): Promise<[Envelope, ReadonlyArray<Delivery>]> {
    const played = this.phones.of(origin.account)
    const mediatype = mediaTypeOf(message)
    const targets: ReadonlyArray<DeviceRef> = [
      ...[...peer.devices.values()].map((device) => ({ account: peer, device })),
      ...origin.account.companions.map((device) => ({ account: origin.account, device }))
    ]
    const deliveries: Array<Delivery> = []
    for (const target of targets) {
      const content = target.account === origin.account
        ? { deviceSentMessage: { destinationJid: peer.jid, message }, messageContextInfo: message.messageContextInfo ?? null }
        : message
      deliveries.push({ target, own: await this.encryptFor(played, target, content, mediatype) })
    }
    return [this.envelope(origin, id, message, { kind: "direct", peer }, "pn", []), deliveries]
  }

  /**
   * To every device of the group's members with the phone's sender key (`skmsg`), handing the sender key in a
   * `pkmsg` to each device that does not have it yet.
   */
  async group(
    origin: DeviceRef,
    id: string,
    group: string,
    members: ReadonlyArray<Account>,
    addressing: Addressing,
    message: proto.IMessage
  ): Promise<[Envelope, ReadonlyArray<Delivery>]> {
    const played = this.phones.of(origin.account)
    const mediatype = mediaTypeOf(message)
    const { ciphertext, senderKeyDistributionMessage } = await played.repository.encryptGroupMessage({
      group,
      data: encodeWAMessage(message),
      meId: userJidIn(origin.account, addressing)
    })
    const key = `${origin.account.jid} ${group}`
    const given = this.senderKeysGiven.get(key) ?? new Set<Device>()
    this.senderKeysGiven.set(key, given)
    const distribution = { senderKeyDistributionMessage: { groupId: group, axolotlSenderKeyDistributionMessage: senderKeyDistributionMessage } }
    const deliveries: Array<Delivery> = []
    for (const account of members) {
      for (const device of account.devices.values()) {
        if (device === origin.device) continue
        const target = { account, device }
        const own = given.has(device) ? undefined : await this.encryptFor(played, target, distribution, mediatype)
        given.add(device)
        deliveries.push({ target, own })
      }
    }
    const skmsg = node("enc", { v: "2", type: "skmsg", mediatype }, ciphertext)
    return [this.envelope(origin, id, message, { kind: "group", jid: group }, addressing, [skmsg]), deliveries]
  }

  private envelope(
    origin: DeviceRef,
    id: string,
    message: proto.IMessage,
    chat: Envelope["chat"],
    addressing: Addressing,
    shared: ReadonlyArray<BinaryNode>
  ): Envelope {
    const edit = editAttributeOf(message)
    return {
      id,
      type: stanzaTypeOf(message),
      t: this.nowSeconds(),
      sender: origin,
      chat,
      addressing,
      passed: edit === undefined ? {} : { edit },
      shared: [...shared, ...pollMetaOf(message)],
      deviceIdentity: undefined
    }
  }

  /**
   * Encrypts for one device with the played phone's Signal sessions (addressed by LID, as Baileys does),
   * first fetching the device's pre-key bundle and injecting it with Baileys' `parseAndInjectE2ESessions` when
   * there is no session yet: the very path a client's `encrypt <key>` answer takes.
   */
  private async encryptFor(
    played: PlayedDevice,
    target: DeviceRef,
    message: proto.IMessage,
    mediatype: string | undefined
  ): Promise<BinaryNode> {
    const jid = target.device.lid
    if (!(await played.repository.validateSession(jid)).exists) {
      const bundle = bundleNode(jid, target, this.phones)
      await parseAndInjectE2ESessions(node("iq", {}, [node("list", {}, [bundle])]), played.repository)
    }
    const { ciphertext, type } = await played.repository.encryptMessage({ jid, data: encodeWAMessage(message) })
    return node("enc", { v: "2", type, mediatype }, ciphertext)
  }
}
