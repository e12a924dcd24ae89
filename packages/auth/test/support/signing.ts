import { Context, Effect, Layer } from "effect"
import { base64url, type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose"

export type SigningAlgorithm = "RS256" | "ES256" | "EdDSA"

/** A key pair of the test issuer: the private key signs, `jwk` (public, with `kid`) goes into the JWKS. */
export interface SigningKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly privateKey: CryptoKey
  readonly jwk: JWK
  /** The public key as PEM, for the "HMAC with the public key" attack. */
  readonly publicPem: string
}

export const makeKey = (alg: SigningAlgorithm, kid: string): Effect.Effect<SigningKey> =>
  Effect.promise(async () => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true })
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" }
    return { kid, alg, privateKey, jwk, publicPem: await exportSPKI(publicKey) }
  })

/** A JWT signed by `key`, with `kid` and `alg` in its header unless `header` says otherwise. */
export const sign = (key: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}): Effect.Effect<string> =>
  Effect.promise(() => new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey))

const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value))

/** An unsecured JWT (`alg: none`, empty signature). */
export const unsecured = (claims: JWTPayload, kid: string): string =>
  `${encodeJson({ alg: "none", kid })}.${encodeJson(claims)}.`

/** HS256 with the issuer's public key (PEM) as the shared secret: the classic algorithm-confusion attack. */
export const hmacWithPublicKey = (key: SigningKey, claims: JWTPayload): Effect.Effect<string> =>
  Effect.promise(() =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: key.kid }).sign(new TextEncoder().encode(key.publicPem))
  )

/** The token with its payload replaced by `claims` and its header and signature kept. */
export const withPayload = (token: string, claims: JWTPayload): string => {
  const [header, , signature] = token.split(".")
  return `${header}.${encodeJson(claims)}.${signature}`
}

/** The issuer's keys, made once per file: RSA key generation takes a while. */
export class TestKeys extends Context.Service<TestKeys, {
  readonly rsa: SigningKey
  readonly rsaNext: SigningKey
  readonly ec: SigningKey
  readonly ed: SigningKey
  /** Never published in any JWKS. */
  readonly stranger: SigningKey
}>()("@wagate/auth/test/TestKeys") {
  static readonly layer = Layer.effect(
    TestKeys,
    Effect.all({
      rsa: makeKey("RS256", "rsa-1"),
      rsaNext: makeKey("RS256", "rsa-2"),
      ec: makeKey("ES256", "ec-1"),
      ed: makeKey("EdDSA", "ed-1"),
      stranger: makeKey("RS256", "stranger")
    }, { concurrency: "unbounded" })
  )
}
