import { Curve, type KeyPair, proto } from "../protocol/baileys.ts"

/** The serial of the root the client pins (`WA_CERT_DETAILS.SERIAL` in Baileys, `WACertIssuerSerial` in whatsmeow). */
const ROOT_SERIAL = 0
const INTERMEDIATE_SERIAL = 1
const LEAF_SERIAL = 2
const DAY_SECONDS = 24 * 60 * 60

const certificate = (
  signer: KeyPair,
  details: { serial: number; issuerSerial: number; key: Uint8Array; notBefore: number; notAfter: number }
): proto.CertChain.INoiseCertificate => {
  const encoded = proto.CertChain.NoiseCertificate.Details.encode(details).finish()
  return { details: encoded, signature: Curve.sign(signer.private, encoded) }
}

/**
 * The `CertChain` the server sends (encrypted) in its hello: an intermediate signed by the root and a leaf,
 * signed by the intermediate, that names the server's static Noise key. Checked against Baileys'
 * `processHandshake` (Utils/noise-handler.js: both signatures, issuer serial = root serial) and whatsmeow's
 * stricter `verifyServerCert` (handshake.go: signature lengths, 32-byte keys, validity windows, leaf issuer
 * serial = intermediate serial, leaf key = the decrypted server static key).
 */
export const issueCertificateChain = (root: KeyPair, serverStatic: KeyPair, nowSeconds: number): Uint8Array => {
  const intermediate = Curve.generateKeyPair()
  const notBefore = nowSeconds - DAY_SECONDS
  const notAfter = nowSeconds + 365 * DAY_SECONDS
  const chain: proto.ICertChain = {
    intermediate: certificate(root, {
      serial: INTERMEDIATE_SERIAL,
      issuerSerial: ROOT_SERIAL,
      key: intermediate.public,
      notBefore,
      notAfter
    }),
    leaf: certificate(intermediate, {
      serial: LEAF_SERIAL,
      issuerSerial: INTERMEDIATE_SERIAL,
      key: serverStatic.public,
      notBefore,
      notAfter
    })
  }
  return proto.CertChain.encode(chain).finish()
}
