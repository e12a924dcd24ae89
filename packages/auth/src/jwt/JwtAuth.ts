import { type AuthUnavailable, OrgId, type Principal, Unauthorized } from "@wagate/core"
import { jwtVerify } from "jose"
import { Clock, Context, Effect, Layer, Redacted, Result, Schema } from "effect"
import { makeJwksCache } from "./JwksCache.ts"
import { JWT_ALGORITHMS, parseJwt } from "./parseJwt.ts"
import { capabilitiesForRole } from "./roles.ts"
import { toUnauthorized } from "./verifyErrors.ts"

/** JWT verification settings. Only `jwksUrl` is required. */
export interface JwtAuthOptions {
  /** Where the issuer publishes its public keys (`WAGATE_JWKS_URL`): an `http(s)://` URL. */
  readonly jwksUrl: string | URL
  /** The `iss` a token must carry; unchecked when unset (`WAGATE_JWT_ISSUER`). */
  readonly issuer?: string | undefined
  /** An `aud` a token must carry; unchecked when unset (`WAGATE_JWT_AUDIENCE`). */
  readonly audience?: string | undefined
  /** The claim naming the organisation (`WAGATE_JWT_ORG_CLAIM`, default `org`). */
  readonly orgClaim?: string | undefined
  /** Leeway for `exp` and `nbf`, in seconds (default 30). */
  readonly clockToleranceSeconds?: number | undefined
  /** Cached keys older than this are refetched before use (default 600). */
  readonly cacheMaxAgeSeconds?: number | undefined
  /** Least time between a successful fetch and a refetch caused by an unknown `kid` (default 30). */
  readonly refetchCooldownSeconds?: number | undefined
  /** Least time between a failed fetch and the next try; meanwhile JWTs get `AuthUnavailable` (default 5). */
  readonly failureBackoffSeconds?: number | undefined
  /** Time limit of one JWKS request, in milliseconds of real time (default 5000). */
  readonly fetchTimeoutMillis?: number | undefined
}

const isOrgId = Schema.is(OrgId)

const nonNegative = (value: number | undefined, fallback: number, name: string): number => {
  const chosen = value ?? fallback
  if (!Number.isFinite(chosen) || chosen < 0) throw new RangeError(`JwtAuth: ${name} must be a non-negative number`)
  return chosen
}

const parseUrl = (url: string | URL): URL => {
  const parsed = typeof url === "string" ? (URL.canParse(url) ? new URL(url) : undefined) : url
  if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new TypeError("JwtAuth: jwksUrl must be an http:// or https:// URL")
  }
  return parsed
}

/**
 * JWT authentication: RS256, ES256 or EdDSA signatures checked against the issuer's JWKS, `exp`/`nbf` (with a
 * tolerance) checked against Effect's `Clock`, `iss`/`aud` when configured; the organisation from the
 * configured claim and the capabilities from the `role` claim.
 */
export class JwtAuth extends Context.Service<JwtAuth, {
  readonly authenticate: (token: Redacted.Redacted<string>) => Effect.Effect<Principal, Unauthorized | AuthUnavailable>
}>()("@wagate/auth/JwtAuth") {
  /** Builds the service; nothing is fetched until the first JWT arrives. Dies on invalid options (a programming error). */
  static readonly make = Effect.fn("JwtAuth.make")(function*(options: JwtAuthOptions) {
    const settings = yield* Effect.try({
      try: () => ({
        url: parseUrl(options.jwksUrl),
        clockTolerance: nonNegative(options.clockToleranceSeconds, 30, "clockToleranceSeconds"),
        cacheMaxAgeSeconds: nonNegative(options.cacheMaxAgeSeconds, 600, "cacheMaxAgeSeconds"),
        refetchCooldownSeconds: nonNegative(options.refetchCooldownSeconds, 30, "refetchCooldownSeconds"),
        failureBackoffSeconds: nonNegative(options.failureBackoffSeconds, 5, "failureBackoffSeconds"),
        fetchTimeoutMillis: Math.round(nonNegative(options.fetchTimeoutMillis, 5000, "fetchTimeoutMillis"))
      }),
      catch: (error) => error
    }).pipe(Effect.orDie)
    const orgClaim = options.orgClaim ?? "org"
    const keys = yield* makeJwksCache(settings)

    const authenticate = Effect.fn("JwtAuth.authenticate")(function*(token: Redacted.Redacted<string>) {
      const jwt = Redacted.value(token)
      if (jwt.trim() === "") return yield* new Unauthorized({ reason: "missing", message: "a bearer token is required" })
      const parsed = parseJwt(jwt)
      if (Result.isFailure(parsed)) return yield* parsed.failure
      const key = yield* keys.keyFor(parsed.success.header)
      const now = yield* Clock.currentTimeMillis
      const { payload } = yield* Effect.tryPromise({
        try: () =>
          jwtVerify(jwt, key, {
            algorithms: [...JWT_ALGORITHMS],
            requiredClaims: ["exp"],
            clockTolerance: settings.clockTolerance,
            currentDate: new Date(now),
            ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
            ...(options.audience === undefined ? {} : { audience: options.audience })
          }),
        catch: toUnauthorized
      })
      const orgId = payload[orgClaim]
      if (!isOrgId(orgId)) {
        return yield* new Unauthorized({
          reason: "invalid",
          message: `the JWT's organisation claim "${orgClaim}" is missing or not a valid organisation id`
        })
      }
      const principal: Principal = { orgId, capabilities: capabilitiesForRole(payload["role"]) }
      return principal
    })

    return JwtAuth.of({ authenticate })
  })

  /** JWT authentication with the given settings. */
  static readonly layer = (options: JwtAuthOptions): Layer.Layer<JwtAuth> => Layer.effect(JwtAuth, JwtAuth.make(options))
}
