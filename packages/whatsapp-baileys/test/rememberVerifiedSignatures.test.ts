import { assert, describe, it } from "@effect/vitest"
import { randomBytes } from "node:crypto"
import { createRequire } from "node:module"
import { rememberVerifiedSignatures } from "../src/sessions/rememberVerifiedSignatures.ts"

/** The modules as libsignal (inside Baileys) loads them: the same instances the handshake calls. */
const fromBaileys = createRequire(import.meta.resolve("@whiskeysockets/baileys"))
const libsignalCurvePath = fromBaileys.resolve("libsignal/src/curve.js")
interface LibsignalCurve {
  readonly verifySignature: (publicKey: Buffer, message: Buffer, signature: Buffer) => boolean
}
interface CurveJs {
  verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
  readonly sign: (privateKey: Uint8Array, message: Uint8Array, random?: Uint8Array) => Uint8Array
  readonly generateKeyPair: (seed: Uint8Array) => { readonly public: Uint8Array; readonly private: Uint8Array }
}
const libsignal: LibsignalCurve = createRequire(import.meta.url)(libsignalCurvePath)
const curve: CurveJs = createRequire(libsignalCurvePath)("curve25519-js")

// Counts the checks that really run, under the memory installed next.
let checks = 0
const check = curve.verify.bind(curve)
curve.verify = (publicKey, message, signature) => {
  checks++
  return check(publicKey, message, signature)
}
rememberVerifiedSignatures()

describe("signatures libsignal verified are remembered (the server's certificates, checked at every connection)", () => {
  const keys = curve.generateKeyPair(randomBytes(32))
  const publicKey = Buffer.concat([Buffer.from([5]), Buffer.from(keys.public)])
  const message = Buffer.from("a certificate's details")
  const signature = Buffer.from(curve.sign(keys.private, message, randomBytes(64)))

  it("a valid signature is checked once: the same bytes again answer valid without a check", () => {
    const before = checks
    assert.isTrue(libsignal.verifySignature(publicKey, message, signature))
    assert.isTrue(libsignal.verifySignature(publicKey, message, signature))
    assert.isTrue(libsignal.verifySignature(publicKey, message, signature))
    assert.strictEqual(checks - before, 1)
  })

  it("an invalid one is refused every time, each time checked: a failure is not remembered", () => {
    const forged = Buffer.from(signature)
    forged[0] = (forged[0] ?? 0) ^ 1
    const before = checks
    assert.isFalse(libsignal.verifySignature(publicKey, message, forged))
    assert.isFalse(libsignal.verifySignature(publicKey, message, forged))
    assert.strictEqual(checks - before, 2)
  })

  it("the same signature over other bytes, or under another key, is checked, and refused", () => {
    const other = curve.generateKeyPair(randomBytes(32))
    assert.isTrue(libsignal.verifySignature(publicKey, message, signature))
    const before = checks
    assert.isFalse(libsignal.verifySignature(publicKey, Buffer.from("other details"), signature))
    assert.isFalse(libsignal.verifySignature(Buffer.concat([Buffer.from([5]), Buffer.from(other.public)]), message, signature))
    assert.strictEqual(checks - before, 2)
  })
})
