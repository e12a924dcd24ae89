import { BearerAuth, type JwtAuthOptions } from "@wagate/auth"
import { type ApiKeyStore, AuthPort, type Principal } from "@wagate/core"
import { Context, Effect, Layer, Redacted } from "effect"
import type * as Digest from "effect/crypto/Digest"

/** Who the gateway accepts: api keys and (when configured) JWTs, and static development tokens if any. */
export interface AuthOptions {
  /** `WAGATE_DEV_TOKENS` (or the simulator's `sandbox` token): exact tokens for development and the sandbox. */
  readonly devTokens: ReadonlyMap<string, Principal>
  /** JWT verification, when `WAGATE_JWKS_URL` is set. */
  readonly jwt?: JwtAuthOptions | undefined
}

/**
 * The gateway's `AuthPort`: a configured development token is accepted as is; every other token goes to the
 * real authentication (api keys, then JWTs).
 */
export const gatewayAuth = (options: AuthOptions): Layer.Layer<AuthPort, never, ApiKeyStore | Digest.Digest> =>
  Layer.effect(
    AuthPort,
    Effect.gen(function*() {
      const bearer = Context.get(yield* Layer.build(BearerAuth.layer({ jwt: options.jwt })), AuthPort)
      if (options.devTokens.size === 0) return bearer
      return AuthPort.of({
        authenticate: (token) => {
          const dev = options.devTokens.get(Redacted.value(token))
          return dev === undefined ? bearer.authenticate(token) : Effect.succeed(dev)
        }
      })
    })
  )
