import { createHash } from "node:crypto"
import { createRequire } from "node:module"

/** The function of `curve25519-js` libsignal calls to check an XEdDSA signature. */
interface CurveJs {
  verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
}

/** How many verified signatures are remembered (the server's certificates are two; the rest come and go). */
const REMEMBERED = 64

let installed = false

/**
 * Baileys checks the server's certificate chain at every connection: two XEdDSA signatures, verified by libsignal
 * with `curve25519-js` in plain JavaScript (about 16 ms each on these machines), over the same two certificates
 * every time. When a process takes over a hundred sessions at once (a failover, ADR 0038), that was an eighth of its
 * CPU. Process-wide (once), the signatures verified are remembered by a SHA-256 of their bytes (public key,
 * signature, message): the same check again answers at once. Verification is a pure function of those bytes, so the answer
 * is the one a new check would give; a signature that fails is not remembered, and is checked again every time.
 */
export const rememberVerifiedSignatures = (): void => {
  if (installed) return
  installed = true
  // Resolved from where libsignal is, as libsignal requires it: the module object it calls `verify` on.
  const fromBaileys = createRequire(import.meta.resolve("@whiskeysockets/baileys"))
  const curve: CurveJs = createRequire(fromBaileys.resolve("libsignal/src/curve.js"))("curve25519-js")
  const verify = curve.verify.bind(curve)
  const verified = new Set<string>()
  curve.verify = (publicKey, message, signature) => {
    const key = createHash("sha256").update(publicKey).update(signature).update(message).digest("base64")
    if (verified.has(key)) return true
    const valid = verify(publicKey, message, signature)
    if (valid) {
      if (verified.size >= REMEMBERED) verified.delete(verified.values().next().value ?? "")
      verified.add(key)
    }
    return valid
  }
}
