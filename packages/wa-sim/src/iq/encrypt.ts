import { createHash } from "node:crypto"
import type { SignedPreKey } from "../accounts/signalKeys.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { child, children, contentBytes, node } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import { preKeyBundles } from "../signal/preKeyBundles.ts"
import { bigEndian, fourBytes, KEY_TYPE, skeyNode, threeBytes } from "../signal/keyNodes.ts"
import type { DeviceContext } from "../stanzas/DeviceContext.ts"
import type { IqHandler } from "./IqHandler.ts"

const signedPreKeyOf = (skey: BinaryNode | undefined): SignedPreKey | undefined => {
  const id = contentBytes(child(skey, "id"))
  const value = contentBytes(child(skey, "value"))
  const signature = contentBytes(child(skey, "signature"))
  if (!id || !value || value.length !== 32 || !signature || signature.length !== 64) return undefined
  return { keyId: bigEndian(id), publicKey: value, signature }
}

/** `<count/>`: how many one-time pre-keys the server holds for the device (Baileys uploads when ≤ 5). */
const count = (iq: BinaryNode, { device }: DeviceContext): BinaryNode =>
  iqResult(iq, [node("count", { value: String(device.keys.preKeys.size) })])

/**
 * An upload (`registration`, `type`, `identity`, `list` of `key`, `skey`), as Baileys' `getNextPreKeysNode`
 * (Utils/signal.js) and whatsmeow's `uploadPreKeys` (prekeys.go) send it. The identity must be the one the
 * device paired with.
 */
const upload = (iq: BinaryNode, { device }: DeviceContext): BinaryNode => {
  const registration = contentBytes(child(iq, "registration"))
  const type = contentBytes(child(iq, "type"))
  const identity = contentBytes(child(iq, "identity"))
  const signedPreKey = signedPreKeyOf(child(iq, "skey"))
  if (!registration || !type || type[0] !== KEY_TYPE[0] || !identity || !signedPreKey) {
    return iqError(iq, 400, "bad-request")
  }
  if (Buffer.compare(identity, device.keys.identityKey) !== 0) return iqError(iq, 406, "not-acceptable")
  const keys: Array<[number, Uint8Array]> = []
  for (const key of children(child(iq, "list"))) {
    const id = contentBytes(child(key, "id"))
    const value = contentBytes(child(key, "value"))
    if (!id || !value || value.length !== 32) return iqError(iq, 400, "bad-request")
    keys.push([bigEndian(id), value])
  }
  device.keys.registrationId = bigEndian(registration)
  device.keys.signedPreKey = signedPreKey
  for (const [id, value] of keys) device.keys.preKeys.set(id, value)
  return iqResult(iq)
}

/**
 * `<digest/>`: the server's view of the device's key bundle (identity, signed pre-key, pre-key ids and a
 * SHA-1 over them). Baileys' `digestKeyBundle` only requires the `<digest>` node (without it, it re-uploads);
 * whatsmeow never asks.
 */
const digest = (iq: BinaryNode, { device }: DeviceContext): BinaryNode => {
  const { identityKey, preKeys, registrationId, signedPreKey } = device.keys
  const hash = createHash("sha1").update(identityKey).update(signedPreKey.publicKey).update(signedPreKey.signature)
  for (const value of preKeys.values()) hash.update(value)
  return iqResult(iq, [
    node("digest", {}, [
      node("registration", {}, fourBytes(registrationId)),
      node("type", {}, KEY_TYPE),
      node("identity", {}, identityKey),
      skeyNode(signedPreKey),
      node("list", {}, [...preKeys.keys()].map((id) => node("id", {}, threeBytes(id)))),
      node("hash", {}, hash.digest())
    ])
  ])
}

/** `<rotate><skey/></rotate>`: a new signed pre-key (Baileys `rotateSignedPreKey`). */
const rotate = (iq: BinaryNode, { device }: DeviceContext): BinaryNode => {
  const signedPreKey = signedPreKeyOf(child(child(iq, "rotate"), "skey"))
  if (!signedPreKey) return iqError(iq, 400, "bad-request")
  device.keys.signedPreKey = signedPreKey
  return iqResult(iq)
}

/** `encrypt`: the device's own Signal keys on the server, and the pre-key bundles of others (`<key>`). */
export const encrypt: IqHandler = (iq, context) => {
  const type = iq.attrs["type"]
  if (type === "get" && child(iq, "key")) return iqResult(iq, [preKeyBundles(child(iq, "key"), context.world, context.messaging.phones)])
  if (type === "get" && child(iq, "count")) return count(iq, context)
  if (type === "get" && child(iq, "digest")) return digest(iq, context)
  if (type === "set" && child(iq, "rotate")) return rotate(iq, context)
  if (type === "set" && child(iq, "registration")) return upload(iq, context)
  return iqError(iq, 501, "feature-not-implemented")
}
