import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2, randomBytes } from "node:crypto"
import { promisify } from "node:util"

/**
 * The crypto of linking by code, as Baileys 7.0.0-rc14 (`requestPairingCode` in Socket/socket.js, the
 * `link_code_companion_reg` notification in Socket/messages-recv.js, `derivePairingCodeKey` in Utils/crypto.js)
 * and whatsmeow (pair-code.go) do it on the companion's side; the simulated phone does the mirror image.
 * Written with Node's own primitives, not the client's, so that agreeing with the client is a cross-check.
 */

/** The alphabet of the eight characters (Baileys `CROCKFORD_CHARACTERS`, whatsmeow `linkingBase32`). */
const CODE_PATTERN = /^[1-9A-HJ-NP-TV-Z]{8}$/
/** PBKDF2-SHA256 rounds: `2 << 16` in both clients. */
const CODE_KEY_ROUNDS = 2 << 16
const KEY_BUNDLE_INFO = "link_code_pairing_key_bundle_encryption_key"
const ADV_SECRET_INFO = "adv_secret"

const derive = promisify(pbkdf2)

/** A code as typed (`ABCD-EFGH`, any case, spaces) in the form both sides derive keys from (`ABCDEFGH`); undefined when it cannot be one. */
export const normaliseCode = (typed: string): string | undefined => {
  const code = typed.replace(/[\s-]/g, "").toUpperCase()
  return CODE_PATTERN.test(code) ? code : undefined
}

/** The AES-256 key a code gives with a salt: PBKDF2-SHA256, 131072 rounds, 32 bytes. */
const codeKey = (code: string, salt: Uint8Array): Promise<Buffer> => derive(Buffer.from(code, "utf8"), salt, CODE_KEY_ROUNDS, 32, "sha256")

const ctr = (key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer => {
  const cipher = createCipheriv("aes-256-ctr", key, iv)
  return Buffer.concat([cipher.update(data), cipher.final()])
}

/** A 32-byte public key wrapped with the code: `salt(32) ‖ iv(16) ‖ AES-256-CTR(key)` (80 bytes). */
export const wrapWithCode = async (publicKey: Uint8Array, code: string): Promise<Uint8Array> => {
  const salt = randomBytes(32)
  const iv = randomBytes(16)
  return Buffer.concat([salt, iv, ctr(await codeKey(code, salt), iv, publicKey)])
}

/**
 * Unwraps what `wrapWithCode` made. CTR has no integrity: a wrong code gives 32 other bytes, and the mistake
 * shows only later, when the key bundle sealed with the resulting shared secret does not open.
 */
export const unwrapWithCode = async (wrapped: Uint8Array, code: string): Promise<Uint8Array> =>
  ctr(await codeKey(code, wrapped.subarray(0, 32)), wrapped.subarray(32, 48), wrapped.subarray(48, 80))

export interface KeyBundle {
  readonly companionIdentity: Uint8Array
  readonly primaryIdentity: Uint8Array
  readonly advRandom: Uint8Array
}

/**
 * Opens the companion's `link_code_pairing_wrapped_key_bundle`: `salt(32) ‖ nonce(12) ‖ AES-256-GCM(companion
 * identity ‖ primary identity ‖ random)` keyed by HKDF-SHA256(ephemeral shared secret, salt,
 * "link_code_pairing_key_bundle_encryption_key"). Undefined when it does not open (the two sides used
 * different codes) or is not 96 bytes inside.
 */
export const openKeyBundle = (wrapped: Uint8Array, ephemeralSharedSecret: Uint8Array): KeyBundle | undefined => {
  if (wrapped.length < 32 + 12 + 16) return undefined
  const key = Buffer.from(hkdfSync("sha256", ephemeralSharedSecret, wrapped.subarray(0, 32), KEY_BUNDLE_INFO, 32))
  const decipher = createDecipheriv("aes-256-gcm", key, wrapped.subarray(32, 44))
  decipher.setAuthTag(wrapped.subarray(wrapped.length - 16))
  let plain: Buffer
  try {
    plain = Buffer.concat([decipher.update(wrapped.subarray(44, wrapped.length - 16)), decipher.final()])
  } catch {
    return undefined
  }
  if (plain.length !== 96) return undefined
  return { companionIdentity: plain.subarray(0, 32), primaryIdentity: plain.subarray(32, 64), advRandom: plain.subarray(64, 96) }
}

/** The adv secret both sides then hold: HKDF-SHA256(ephemeral shared ‖ identity shared ‖ random, no salt, "adv_secret"). */
export const advSecretOf = (ephemeralShared: Uint8Array, identityShared: Uint8Array, advRandom: Uint8Array): Uint8Array =>
  new Uint8Array(hkdfSync("sha256", Buffer.concat([ephemeralShared, identityShared, advRandom]), Buffer.alloc(0), ADV_SECRET_INFO, 32))
