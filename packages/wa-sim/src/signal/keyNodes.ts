import type { SignedPreKey } from "../accounts/signalKeys.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { node } from "../protocol/nodes.ts"

/** The key type byte of Curve25519 keys in Signal (`KEY_BUNDLE_TYPE` in Baileys, `ecc.DjbType` in whatsmeow). */
export const KEY_TYPE = Uint8Array.of(5)

/** An unsigned big-endian number from bytes (key ids are 3 bytes, registration ids 4). */
export const bigEndian = (bytes: Uint8Array): number => bytes.reduce((value, byte) => value * 256 + byte, 0)

export const threeBytes = (value: number): Uint8Array =>
  Uint8Array.of((value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff)

export const fourBytes = (value: number): Uint8Array =>
  Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff)

/** `<skey><id/><value/><signature/></skey>`, as Baileys' `xmppSignedPreKey` (Utils/signal.js) writes it. */
export const skeyNode = (key: SignedPreKey): BinaryNode =>
  node("skey", {}, [
    node("id", {}, threeBytes(key.keyId)),
    node("value", {}, key.publicKey),
    node("signature", {}, key.signature)
  ])

/** `<key><id/><value/></key>`, as Baileys' `xmppPreKey` writes it. */
export const preKeyNode = (keyId: number, publicKey: Uint8Array): BinaryNode =>
  node("key", {}, [node("id", {}, threeBytes(keyId)), node("value", {}, publicKey)])
