import { proto } from "../protocol/baileys.ts"
import type { SignedPreKey } from "../accounts/signalKeys.ts"

/** What a fresh client registers with (`ClientPayload.devicePairingData`): its keys and what it is. */
export interface Registration {
  readonly noiseKey: Uint8Array
  readonly identityKey: Uint8Array
  readonly registrationId: number
  readonly signedPreKey: SignedPreKey
  readonly platform: string
}

const bigEndian = (bytes: Uint8Array): number => bytes.reduce((value, byte) => value * 256 + byte, 0)

/**
 * Reads a registration payload as Baileys' `generateRegistrationNode` (Utils/validate-connection.js) and
 * whatsmeow's `GetClientPayload` (store/clientpayload.go) build it; undefined when it is a login payload.
 */
export const registrationOf = (payload: proto.ClientPayload, noiseKey: Uint8Array): Registration | undefined => {
  const data = payload.devicePairingData
  if (!data) return undefined
  const { eIdent, eRegid, eSkeyId, eSkeySig, eSkeyVal } = data
  if (!eIdent || eIdent.length !== 32 || !eRegid || !eSkeyId || !eSkeyVal || !eSkeySig) {
    throw new Error("registration payload without its identity, registration id or signed pre-key")
  }
  const props = data.deviceProps ? proto.DeviceProps.decode(data.deviceProps) : undefined
  return {
    noiseKey,
    identityKey: eIdent,
    registrationId: bigEndian(eRegid),
    signedPreKey: { keyId: bigEndian(eSkeyId), publicKey: eSkeyVal, signature: eSkeySig },
    platform: props?.os ?? "unknown"
  }
}
