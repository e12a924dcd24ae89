import { CoreServices } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { Effect, Layer } from "effect"
import type { JWTPayload } from "jose"
import * as TestClock from "effect/testing/TestClock"
import { BearerAuth, type JwtAuthOptions } from "../../src/index.ts"
import { JwksServer } from "./JwksServer.ts"
import type { SigningKey } from "./signing.ts"

/** The instant every JWT test starts at (on the TestClock), in milliseconds and in JWT seconds. */
export const NOW = Date.parse("2026-03-01T10:00:00.000Z")
export const NOW_S = NOW / 1000

/** Claims to add or, given as `undefined`, to leave out. */
export type ClaimChanges = { readonly [claim: string]: unknown }

/** Claims of a valid token for acme's owner, valid for an hour from `NOW`, with `changes` on top. */
export const claims = (changes: ClaimChanges = {}): JWTPayload =>
  Object.fromEntries(
    Object.entries({ sub: "user-1", org: "acme", role: "owner", iat: NOW_S, exp: NOW_S + 3600, ...changes })
      .filter(([, value]) => value !== undefined)
  )

/** The whole store in memory, and the core services (ids, cryptography) for `createApiKey` and hashing. */
export const Store = Layer.merge(MemoryStore.layer, CoreServices.layer)

/** `BearerAuth` with JWTs verified against a fresh `JwksServer` (also provided), over the memory store. */
export const withJwt = (jwt: Omit<JwtAuthOptions, "jwksUrl"> = {}) =>
  Layer.unwrap(Effect.gen(function*() {
    const server = yield* JwksServer
    return BearerAuth.layer({ jwt: { ...jwt, jwksUrl: server.url } })
  })).pipe(Layer.provideMerge(JwksServer.layer), Layer.provideMerge(Store))

/** Starts the clock at `NOW` and publishes the keys' public halves. */
export const publish = Effect.fn("test.publish")(function*(...keys: ReadonlyArray<SigningKey>) {
  yield* TestClock.setTime(NOW)
  const server = yield* JwksServer
  yield* server.setKeys(keys.map((key) => key.jwk))
})

/** How many requests the JWKS host has had. */
export const jwksRequests = Effect.gen(function*() {
  const server = yield* JwksServer
  return yield* server.requests
})
