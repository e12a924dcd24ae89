import { aesDecryptGCM, aesEncryptGCM } from "../protocol/baileys.ts"

const EMPTY = new Uint8Array(0)

/** A 12-byte IV whose last four bytes are the big-endian frame counter. */
const counterIv = (counter: number): Uint8Array => {
  const iv = new Uint8Array(12)
  new DataView(iv.buffer).setUint32(8, counter)
  return iv
}

/**
 * The post-handshake cipher: AES-256-GCM, one counter per direction, empty associated data
 * (Baileys' `TransportState` in Utils/noise-handler.js; whatsmeow's `NoiseSocket` in socket/noisesocket.go).
 */
export class TransportCipher {
  private readCounter = 0
  private writeCounter = 0

  private readonly encryptKey: Uint8Array
  private readonly decryptKey: Uint8Array

  constructor(encryptKey: Uint8Array, decryptKey: Uint8Array) {
    this.encryptKey = encryptKey
    this.decryptKey = decryptKey
  }

  encrypt(plaintext: Uint8Array): Uint8Array {
    return aesEncryptGCM(plaintext, this.encryptKey, counterIv(this.writeCounter++), EMPTY)
  }

  decrypt(ciphertext: Uint8Array): Uint8Array {
    return aesDecryptGCM(ciphertext, this.decryptKey, counterIv(this.readCounter++), EMPTY)
  }
}
