import { verifySignature } from "whatsapp-rust-bridge"

/**
 * Verifies a Curve25519 (XEdDSA) signature, as Signal and WhatsApp sign. Not Baileys' `Curve.verify`: in
 * 7.0.0-rc14 it wraps libsignal's `verifySignature`, which returns false for a bad signature instead of
 * throwing, and reports every well-formed signature as valid. This is the Rust implementation Baileys itself
 * ships (`whatsapp-rust-bridge`, pinned to the version Baileys pins).
 */
export const verifyCurveSignature = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
  if (signature.length !== 64 || (publicKey.length !== 32 && publicKey.length !== 33)) return false
  return verifySignature(publicKey, message, signature)
}
