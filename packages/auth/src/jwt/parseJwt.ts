import { Unauthorized } from "@wagate/core"
import { base64url, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from "jose"
import { Result } from "effect"

/** The only signature algorithms accepted: no `none`, no HMAC (a public key must never serve as a shared secret). */
export const JWT_ALGORITHMS = ["RS256", "ES256", "EdDSA"] as const
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]

/** Tokens longer than this are refused before any decoding (real ones are a few KiB at most). */
const MAX_TOKEN_LENGTH = 16 * 1024

const SEGMENT = /^[A-Za-z0-9_-]+$/
const SIGNATURE = /^[A-Za-z0-9_-]*$/

/** A compact JWS whose structure, header and claims decode; nothing about it is verified yet. */
export interface ParsedJwt {
  readonly header: ProtectedHeaderParameters & { readonly alg: JwtAlgorithm; readonly kid?: string }
  readonly payload: JWTPayload
}

const malformed = (message: string) => Result.fail(new Unauthorized({ reason: "malformed", message }))

const isAllowedAlgorithm = (alg: string): alg is JwtAlgorithm => JWT_ALGORITHMS.some((allowed) => allowed === alg)

// jose throws on undecodable input; these wrap its decoders so the caller gets a value or nothing.
const decodeHeader = (token: string): ProtectedHeaderParameters | undefined => {
  try {
    return decodeProtectedHeader(token)
  } catch {
    return undefined
  }
}

const decodeClaims = (token: string): JWTPayload | undefined => {
  try {
    return decodeJwt(token)
  } catch {
    return undefined
  }
}

// Base64url leaves some low bits of the last character unused, and lenient decoders ignore them: without this
// check a signature could be re-spelt (one character changed) and still verify.
const isCanonicalBase64url = (segment: string): boolean => {
  try {
    return base64url.encode(base64url.decode(segment)) === segment
  } catch {
    return false
  }
}

/**
 * Checks that a token is a compact JWS carrying a JWT (`malformed` otherwise) signed with an allowed algorithm
 * (`invalid` otherwise), without touching any key: a flood of junk tokens never reaches the JWKS host.
 */
export const parseJwt = (token: string): Result.Result<ParsedJwt, Unauthorized> => {
  if (token.length > MAX_TOKEN_LENGTH) return malformed("the bearer token is too long to be a JWT")
  const segments = token.split(".")
  const [header, payload, signature] = segments
  if (
    segments.length !== 3 || header === undefined || payload === undefined || signature === undefined ||
    !SEGMENT.test(header) || !SEGMENT.test(payload) || !SIGNATURE.test(signature)
  ) {
    return malformed("the bearer token is neither an api key nor a JWT")
  }
  const decodedHeader = decodeHeader(token)
  if (decodedHeader === undefined || typeof decodedHeader.alg !== "string") {
    return malformed("the JWT's header is not a JSON object naming an algorithm")
  }
  const { alg, kid } = decodedHeader
  if (kid !== undefined && typeof kid !== "string") return malformed("the JWT's key id (kid) is not a string")
  const claims = decodeClaims(token)
  if (claims === undefined) return malformed("the JWT's payload is not a JSON object")
  if (!isAllowedAlgorithm(alg)) {
    return Result.fail(
      new Unauthorized({ reason: "invalid", message: `the JWT's algorithm is not accepted (only ${JWT_ALGORITHMS.join(", ")})` })
    )
  }
  if (signature === "" || !isCanonicalBase64url(signature)) return malformed("the JWT's signature is not canonical base64url")
  return Result.succeed({ header: { ...decodedHeader, alg, ...(kid === undefined ? {} : { kid }) }, payload: claims })
}
