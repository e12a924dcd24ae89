import { Unauthorized } from "@wagate/core"
import { errors } from "jose"

const unauthorized = (reason: Unauthorized["reason"], message: string) => new Unauthorized({ reason, message })

// The claims jose names in its claim errors; anything else is reported without a name.
const KNOWN_CLAIMS = new Set(["exp", "nbf", "iat", "iss", "aud", "sub", "jti"])

/**
 * Maps a jose verification failure to `Unauthorized` with a message that says what kind of failure it was and
 * nothing else: no jose message, no key material, no token.
 */
export const toUnauthorized = (error: unknown): Unauthorized => {
  if (error instanceof errors.JWTExpired) return unauthorized("expired", "the JWT has expired")
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = KNOWN_CLAIMS.has(error.claim) ? error.claim : undefined
    if (claim === "nbf" && error.reason === "check_failed") return unauthorized("not_yet_valid", "the JWT is not valid yet (nbf)")
    if (claim === "exp" && error.reason === "missing") return unauthorized("invalid", "the JWT has no expiry (exp claim)")
    if (claim === "iss") return unauthorized("invalid", "the JWT's issuer (iss) is not accepted")
    if (claim === "aud") return unauthorized("invalid", "the JWT's audience (aud) is not accepted")
    return unauthorized("invalid", claim === undefined ? "a claim of the JWT is not valid" : `the JWT's ${claim} claim is not valid`)
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthorized("invalid", "the JWT's signature does not verify")
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthorized("invalid", "the JWT's algorithm is not accepted")
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return unauthorized("malformed", "the bearer token is not a well-formed JWT")
  }
  return unauthorized("invalid", "the JWT cannot be verified")
}
