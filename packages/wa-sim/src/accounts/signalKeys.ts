import { randomInt } from "node:crypto"
import { Curve, type KeyPair, signedKeyPair } from "../protocol/baileys.ts"

/** A signed pre-key as the server stores it: id, public key, and the identity key's signature over it. */
export interface SignedPreKey {
  readonly keyId: number
  readonly publicKey: Uint8Array
  readonly signature: Uint8Array
}

/** The public Signal keys the server holds for a device: what pre-key bundles (`encrypt <key>`) are built from. */
export interface DeviceKeys {
  registrationId: number
  identityKey: Uint8Array
  signedPreKey: SignedPreKey
  /** One-time pre-keys uploaded and not yet handed out, by id. */
  readonly preKeys: Map<number, Uint8Array>
}

/** A device the simulator itself plays (a phone, a virtual user): its Signal keys with their private halves. */
export interface HeldSignalKeys {
  readonly identity: KeyPair
  readonly registrationId: number
  readonly signedPreKey: { readonly keyId: number; readonly keyPair: KeyPair; readonly signature: Uint8Array }
  readonly preKeys: Map<number, KeyPair>
}

const PRE_KEYS_PER_VIRTUAL_DEVICE = 30

/** Real Signal keys for a device the simulator plays: an identity, a registration id, a signed pre-key, pre-keys. */
export const makeHeldSignalKeys = (preKeyCount: number = PRE_KEYS_PER_VIRTUAL_DEVICE): HeldSignalKeys => {
  const identity = Curve.generateKeyPair()
  const preKeys = new Map<number, KeyPair>()
  for (let id = 1; id <= preKeyCount; id++) preKeys.set(id, Curve.generateKeyPair())
  return {
    identity,
    registrationId: randomInt(1, 16_381),
    signedPreKey: signedKeyPair(identity, 1),
    preKeys
  }
}

/** The public view of held keys, as the server would store them after an upload. */
export const publicKeysOf = (held: HeldSignalKeys): DeviceKeys => ({
  registrationId: held.registrationId,
  identityKey: held.identity.public,
  signedPreKey: {
    keyId: held.signedPreKey.keyId,
    publicKey: held.signedPreKey.keyPair.public,
    signature: held.signedPreKey.signature
  },
  preKeys: new Map([...held.preKeys].map(([id, pair]) => [id, pair.public]))
})
