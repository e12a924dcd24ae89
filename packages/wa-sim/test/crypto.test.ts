import { assert, describe, it } from "@effect/vitest"
import { Curve, proto } from "@whiskeysockets/baileys"
import { createHmac } from "node:crypto"
import { issueCertificateChain } from "../src/noise/certificates.ts"
import { issueDeviceIdentity, verifyDeviceSignature } from "../src/pairing/deviceIdentity.ts"
import { verifyCurveSignature } from "../src/protocol/signatures.ts"

const NOW = 1_800_000_000

/**
 * whatsmeow's `verifyServerCert` (handshake.go), the stricter of the two clients' checks, restated with an
 * independent signature verifier (Baileys rc14's own `Curve.verify` accepts any well-formed signature).
 */
const whatsmeowAccepts = (chainBytes: Uint8Array, root: Uint8Array, serverStatic: Uint8Array, now: number): boolean => {
  const chain = proto.CertChain.decode(chainBytes)
  const intermediate = chain.intermediate
  const leaf = chain.leaf
  if (!intermediate?.details || !intermediate.signature || !leaf?.details || !leaf.signature) return false
  if (!verifyCurveSignature(root, intermediate.details, intermediate.signature)) return false
  const i = proto.CertChain.NoiseCertificate.Details.decode(intermediate.details)
  if ((i.issuerSerial ?? 0) !== 0 || i.key?.length !== 32) return false
  if (!verifyCurveSignature(i.key, leaf.details, leaf.signature)) return false
  const l = proto.CertChain.NoiseCertificate.Details.decode(leaf.details)
  const valid = (d: proto.CertChain.NoiseCertificate.Details) => Number(d.notBefore) <= now && now <= Number(d.notAfter)
  return valid(i) && valid(l) && l.issuerSerial === i.serial && Buffer.compare(Buffer.from(l.key ?? []), Buffer.from(serverStatic)) === 0
}

describe("certificate chain", () => {
  it("is accepted under the simulator's root, and by no other root", () => {
    const root = Curve.generateKeyPair()
    const serverStatic = Curve.generateKeyPair()
    const chain = issueCertificateChain(root, serverStatic, NOW)
    assert.isTrue(whatsmeowAccepts(chain, root.public, serverStatic.public, NOW))
    assert.isFalse(whatsmeowAccepts(chain, Curve.generateKeyPair().public, serverStatic.public, NOW), "another root")
    assert.isFalse(whatsmeowAccepts(chain, root.public, Curve.generateKeyPair().public, NOW), "another server key")
    assert.isFalse(whatsmeowAccepts(chain, root.public, serverStatic.public, NOW + 400 * 86_400), "after it expires")
  })
})

describe("device identity", () => {
  const account = Curve.generateKeyPair()
  const companion = Curve.generateKeyPair()
  const advSecret = new Uint8Array(32).fill(3)
  const issued = issueDeviceIdentity({
    account,
    companionIdentityKey: companion.public,
    advSecret,
    rawId: 42,
    keyIndex: 1,
    timestampSeconds: NOW
  })

  it("is HMAC-keyed with the adv secret and signed by the account over the companion's key", () => {
    const container = proto.ADVSignedDeviceIdentityHMAC.decode(issued.container)
    const expected = createHmac("sha256", advSecret).update(container.details!).digest()
    assert.deepStrictEqual(Buffer.from(container.hmac!), expected)
    const signed = proto.ADVSignedDeviceIdentity.decode(container.details!)
    const message = Buffer.concat([Uint8Array.of(6, 0), signed.details!, companion.public])
    assert.isTrue(verifyCurveSignature(signed.accountSignatureKey!, message, signed.accountSignature!))
    const details = proto.ADVDeviceIdentity.decode(signed.details!)
    assert.strictEqual(details.rawId, 42)
    assert.strictEqual(details.keyIndex, 1)
  })

  it("accepts the companion's device signature only over the issued details with its own key", () => {
    const sign = (details: Uint8Array, key = companion) =>
      proto.ADVSignedDeviceIdentity.encode({
        details,
        accountSignature: new Uint8Array(64),
        deviceSignature: Curve.sign(key.private, Buffer.concat([Uint8Array.of(6, 1), details, companion.public, account.public]))
      }).finish()
    const input = { issuedDetails: issued.details, companionIdentityKey: companion.public, accountKey: account.public }
    assert.isTrue(verifyDeviceSignature({ ...input, signed: sign(issued.details) }))
    assert.isFalse(verifyDeviceSignature({ ...input, signed: sign(issued.details, Curve.generateKeyPair()) }), "another key")
    const other = proto.ADVDeviceIdentity.encode({ rawId: 42, keyIndex: 9, timestamp: NOW }).finish()
    assert.isFalse(verifyDeviceSignature({ ...input, signed: sign(other) }), "other details")
  })
})
