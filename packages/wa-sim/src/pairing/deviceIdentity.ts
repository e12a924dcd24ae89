import { createHmac, timingSafeEqual } from "node:crypto"
import { Curve, type KeyPair, proto } from "../protocol/baileys.ts"
import { verifyCurveSignature } from "../protocol/signatures.ts"

/** `WA_ADV_ACCOUNT_SIG_PREFIX` / `WA_ADV_DEVICE_SIG_PREFIX` in Baileys (Defaults), `{6, 0}` / `{6, 1}` in whatsmeow pair.go. */
const ACCOUNT_SIGNATURE_PREFIX = Uint8Array.of(6, 0)
const DEVICE_SIGNATURE_PREFIX = Uint8Array.of(6, 1)

const concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => Buffer.concat(parts)

export interface IssuedDeviceIdentity {
  /** `ADVSignedDeviceIdentityHMAC`, the content of `<pair-success><device-identity>`. */
  readonly container: Uint8Array
  /** The `ADVDeviceIdentity` bytes the phone signed: the client must sign the very same bytes back. */
  readonly details: Uint8Array
}

/**
 * The device identity a phone issues when it links a companion: `ADVDeviceIdentity{rawId, timestamp, keyIndex}`
 * signed with the account key over `6,0 ‖ details ‖ companion identity key`, wrapped in
 * `ADVSignedDeviceIdentityHMAC` keyed with the QR's adv secret. Checked against Baileys'
 * `configureSuccessfulPairing` (Utils/validate-connection.js) and whatsmeow's `handlePair` (pair.go).
 */
export const issueDeviceIdentity = (input: {
  readonly account: KeyPair
  readonly companionIdentityKey: Uint8Array
  readonly advSecret: Uint8Array
  readonly rawId: number
  readonly keyIndex: number
  readonly timestampSeconds: number
}): IssuedDeviceIdentity => {
  const details = proto.ADVDeviceIdentity.encode({
    rawId: input.rawId,
    timestamp: input.timestampSeconds,
    keyIndex: input.keyIndex,
    accountType: proto.ADVEncryptionType.E2EE,
    deviceType: proto.ADVEncryptionType.E2EE
  }).finish()
  const accountSignature = Curve.sign(
    input.account.private,
    concat(ACCOUNT_SIGNATURE_PREFIX, details, input.companionIdentityKey)
  )
  const signed = proto.ADVSignedDeviceIdentity.encode({
    details,
    accountSignatureKey: input.account.public,
    accountSignature
  }).finish()
  const hmac = createHmac("sha256", input.advSecret).update(signed).digest()
  const container = proto.ADVSignedDeviceIdentityHMAC.encode({
    details: signed,
    hmac,
    accountType: proto.ADVEncryptionType.E2EE
  }).finish()
  return { container, details }
}

/**
 * Checks the companion's `<pair-device-sign><device-identity>`: the same details the phone issued, with the
 * companion's signature over `6,1 ‖ details ‖ companion identity key ‖ account key`.
 */
export const verifyDeviceSignature = (input: {
  readonly signed: Uint8Array
  readonly issuedDetails: Uint8Array
  readonly companionIdentityKey: Uint8Array
  readonly accountKey: Uint8Array
}): boolean => {
  const identity = proto.ADVSignedDeviceIdentity.decode(input.signed)
  const details = identity.details
  const signature = identity.deviceSignature
  if (!details || !signature || signature.length !== 64) return false
  if (details.length !== input.issuedDetails.length || !timingSafeEqual(details, input.issuedDetails)) return false
  return verifyCurveSignature(
    input.companionIdentityKey,
    concat(DEVICE_SIGNATURE_PREFIX, details, input.companionIdentityKey, input.accountKey),
    signature
  )
}
