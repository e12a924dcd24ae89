import { type ApiKeyStore, AuthPort, Unauthorized } from "@wagate/core"
import { Effect, Layer, Redacted } from "effect"
import type * as Digest from "effect/crypto/Digest"
import { ApiKeyAuth, isApiKeyToken } from "./api-keys/ApiKeyAuth.ts"
import { JwtAuth, type JwtAuthOptions } from "./jwt/JwtAuth.ts"

/** What `BearerAuth` accepts besides api keys. */
export interface BearerAuthOptions {
  /** JWT verification; without it only api keys are accepted. */
  readonly jwt?: JwtAuthOptions | undefined
}

/** The `AuthPort` of the gateway: api keys (`wgk_…`) first, then JWTs when configured. */
export const BearerAuth: {
  /**
   * Blank → `missing`; `wgk_…` → the api key in `ApiKeyStore`; anything else → a JWT when `jwt` is configured,
   * `invalid` otherwise. Api keys keep working while the JWKS host is down.
   */
  readonly layer: (options?: BearerAuthOptions) => Layer.Layer<AuthPort, never, ApiKeyStore | Digest.Digest>
} = {
  layer: (options = {}) =>
    Layer.effect(
      AuthPort,
      Effect.gen(function*() {
        const apiKeys = yield* ApiKeyAuth.make
        const jwts = options.jwt === undefined ? undefined : yield* JwtAuth.make(options.jwt)

        const authenticate = Effect.fn("BearerAuth.authenticate")(function*(token: Redacted.Redacted<string>) {
          const value = Redacted.value(token)
          if (value.trim() === "") return yield* new Unauthorized({ reason: "missing", message: "a bearer token is required" })
          if (isApiKeyToken(value)) return yield* apiKeys.authenticate(token)
          if (jwts === undefined) {
            return yield* new Unauthorized({
              reason: "invalid",
              message: "the bearer token is not an api key (wgk_…), and JWTs are not configured on this gateway"
            })
          }
          return yield* jwts.authenticate(token)
        })

        return AuthPort.of({ authenticate })
      })
    )
}
