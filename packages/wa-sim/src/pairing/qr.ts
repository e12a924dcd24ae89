/** What a phone reads from a linking QR code. */
export interface ScannedQr {
  readonly ref: string
  readonly noiseKey: Uint8Array
  readonly identityKey: Uint8Array
  readonly advSecret: Uint8Array
}

const PREFIX = "https://wa.me/settings/linked_devices#"

const key = (b64: string | undefined, length: number): Uint8Array | undefined => {
  if (b64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined
  const bytes = new Uint8Array(Buffer.from(b64, "base64"))
  return bytes.length === length ? bytes : undefined
}

/**
 * Reads a QR string: Baileys 7 builds `https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform`
 * (`buildPairingQRData`, Utils/companion-reg-client-utils.js); whatsmeow and older Baileys build
 * `ref,noise,identity,adv` (`makeQRData`, pair.go). Undefined when it is neither.
 */
export const parseQr = (qr: string): ScannedQr | undefined => {
  const body = qr.trim().startsWith(PREFIX) ? qr.trim().slice(PREFIX.length) : qr.trim()
  const [ref, noise, identity, adv] = body.split(",")
  const noiseKey = key(noise, 32)
  const identityKey = key(identity, 32)
  const advSecret = key(adv, 32)
  if (!ref || !noiseKey || !identityKey || !advSecret) return undefined
  return { ref, noiseKey, identityKey, advSecret }
}
