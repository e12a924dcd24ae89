import { aesDecryptGCM, aesEncryptGCM, Curve, hkdf, NOISE_MODE } from "../protocol/baileys.ts"
import { createHash } from "node:crypto"
import { TransportCipher } from "./TransportCipher.ts"

const sha256 = (data: Uint8Array): Uint8Array => createHash("sha256").update(data).digest()

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const iv = (counter: number): Uint8Array => {
  const bytes = new Uint8Array(12)
  new DataView(bytes.buffer).setUint32(8, counter)
  return bytes
}

/**
 * The symmetric state of Noise_XX_25519_AESGCM_SHA256, kept the way Baileys' client keeps it
 * (`makeNoiseHandler` in Utils/noise-handler.js) so that each step here is the mirror of a step there:
 * the running hash is the associated data of every handshake cipher, and one counter serves both directions
 * until the next key mix.
 */
export class HandshakeState {
  private hash: Uint8Array
  private salt: Uint8Array
  private key: Uint8Array
  private counter = 0

  constructor(prologue: Uint8Array) {
    const mode = new TextEncoder().encode(NOISE_MODE)
    this.hash = mode.length === 32 ? mode : sha256(mode)
    this.salt = this.hash
    this.key = this.hash
    this.authenticate(prologue)
  }

  /** Mixes public data into the running hash. */
  authenticate(data: Uint8Array): void {
    this.hash = sha256(concat(this.hash, data))
  }

  /** Mixes a Diffie-Hellman result into the chaining key and the cipher key. */
  mixSharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): void {
    const [chain, key] = this.split(Curve.sharedKey(privateKey, publicKey))
    this.salt = chain
    this.key = key
    this.counter = 0
  }

  encrypt(plaintext: Uint8Array): Uint8Array {
    const ciphertext = aesEncryptGCM(plaintext, this.key, iv(this.counter++), this.hash)
    this.authenticate(ciphertext)
    return ciphertext
  }

  decrypt(ciphertext: Uint8Array): Uint8Array {
    const plaintext = aesDecryptGCM(ciphertext, this.key, iv(this.counter++), this.hash)
    this.authenticate(ciphertext)
    return plaintext
  }

  /**
   * The transport keys. The client writes with the first half and reads with the second,
   * so the server does the opposite.
   */
  finish(): TransportCipher {
    const [clientWrite, clientRead] = this.split(new Uint8Array(0))
    return new TransportCipher(clientRead, clientWrite)
  }

  private split(material: Uint8Array): [Uint8Array, Uint8Array] {
    const out = hkdf(material, 64, { salt: this.salt, info: "" })
    return [out.subarray(0, 32), out.subarray(32)]
  }
}
