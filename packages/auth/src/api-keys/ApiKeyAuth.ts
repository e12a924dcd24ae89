import { API_KEY_PREFIX, type ApiKeyId, ApiKeyStore, hashApiKey, now, type Principal, type StoreUnavailable, Unauthorized } from "@wagate/core"
import { Cause, Clock, Context, Effect, FiberSet, Layer, Option, Redacted, type Scope } from "effect"
import * as Digest from "effect/crypto/Digest"

/** `wgk_` and 43 or more base64url characters (a minted key has exactly 43: 32 random bytes). */
const API_KEY_SHAPE = /^wgk_[A-Za-z0-9_-]{43,256}$/

/** `lastUsedAt` is written at most this often per key: it is a hint for operators, not an audit log. */
const TOUCH_INTERVAL_MILLIS = 60_000

/** Past this many remembered keys, the ones not touched within the interval are forgotten (they would be touched anyway). */
const TOUCH_MEMORY_LIMIT = 10_000

/**
 * A key's hash is remembered this long after it was computed (SHA-256 through WebCrypto costs more than the rest of
 * the check), and no longer: the key itself is a secret the process should not hold beyond its requests.
 */
const HASH_MEMORY_MILLIS = 1000

/** At most this many hashes are remembered at once. */
const HASH_MEMORY_LIMIT = 10_000

/** Whether a bearer token claims to be an api key (and so is never tried as a JWT). */
export const isApiKeyToken = (token: string): boolean => token.startsWith(API_KEY_PREFIX)

/**
 * Api-key authentication: the key's SHA-256 is looked up in `ApiKeyStore` on every request (the store decides
 * what it may remember, within the second a revocation has to bite in), and `lastUsedAt` is updated in the
 * background. A key's hash is remembered for a second, so a client's burst hashes its key once.
 */
export class ApiKeyAuth extends Context.Service<ApiKeyAuth, {
  /** The key's organisation and capabilities; `malformed`, `unknown_key` or `revoked` otherwise. */
  readonly authenticate: (token: Redacted.Redacted<string>) => Effect.Effect<Principal, Unauthorized | StoreUnavailable>
}>()("@wagate/auth/ApiKeyAuth") {
  /** Builds the service; the background `lastUsedAt` writes live in the given scope. */
  static readonly make: Effect.Effect<ApiKeyAuth["Service"], never, ApiKeyStore | Digest.Digest | Scope.Scope> = Effect.gen(function*() {
    const store = yield* ApiKeyStore
    const digest = yield* Digest.Digest
    const touches = yield* FiberSet.make<void, never>()
    const lastTouched = new Map<ApiKeyId, number>()
    const hashes = new Map<string, { readonly hash: string; readonly at: number }>()
    let swept = 0

    // Each request first forgets the keys hashed more than a second ago (a sweep at most once a second).
    const hashOf = Effect.fn("ApiKeyAuth.hash")(function*(key: string) {
      const at = yield* Clock.currentTimeMillis
      if (at - swept >= HASH_MEMORY_MILLIS) {
        swept = at
        for (const [remembered, entry] of hashes) if (at - entry.at >= HASH_MEMORY_MILLIS) hashes.delete(remembered)
      }
      const known = hashes.get(key)
      if (known !== undefined && at - known.at < HASH_MEMORY_MILLIS) return known.hash
      const hash = yield* hashApiKey(key).pipe(Effect.provideService(Digest.Digest, digest))
      if (hashes.size < HASH_MEMORY_LIMIT) hashes.set(key, { hash, at })
      return hash
    })

    // Claims the key's touch slot for this minute; true when this request should write `lastUsedAt`.
    const claimTouch = (id: ApiKeyId, at: number): boolean => {
      const previous = lastTouched.get(id)
      if (previous !== undefined && at - previous < TOUCH_INTERVAL_MILLIS) return false
      if (lastTouched.size >= TOUCH_MEMORY_LIMIT) {
        for (const [key, touchedAt] of lastTouched) {
          if (at - touchedAt >= TOUCH_INTERVAL_MILLIS) lastTouched.delete(key)
        }
      }
      lastTouched.set(id, at)
      return true
    }

    // Forked: the request never waits for the write. A failed write only logs; the key's slot stays claimed, so
    // the write is retried a minute later rather than on every request while the store refuses writes.
    const touchInBackground = Effect.fn("ApiKeyAuth.touch")(function*(id: ApiKeyId) {
      const at = yield* Clock.currentTimeMillis
      if (!claimTouch(id, at)) return
      yield* FiberSet.run(touches)(
        Effect.flatMap(now, (timestamp) => store.touch(id, timestamp)).pipe(
          Effect.catchCause((cause) => Effect.logWarning(`could not record the use of api key ${id}`, Cause.pretty(cause)))
        )
      )
    })

    const authenticate = Effect.fn("ApiKeyAuth.authenticate")(function*(token: Redacted.Redacted<string>) {
      const key = Redacted.value(token)
      if (!isApiKeyToken(key)) {
        return yield* new Unauthorized({ reason: "invalid", message: "the bearer token is not an api key" })
      }
      if (!API_KEY_SHAPE.test(key)) {
        return yield* new Unauthorized({
          reason: "malformed",
          message: "the api key is malformed: expected wgk_ followed by 43 base64url characters"
        })
      }
      const found = yield* store.findByHash(yield* hashOf(key))
      if (Option.isNone(found)) {
        return yield* new Unauthorized({ reason: "unknown_key", message: "the api key is not known" })
      }
      const record = found.value
      if (record.revokedAt !== null) {
        return yield* new Unauthorized({ reason: "revoked", message: "the api key has been revoked" })
      }
      yield* touchInBackground(record.id)
      const principal: Principal = { orgId: record.orgId, capabilities: record.capabilities }
      return principal
    })

    return ApiKeyAuth.of({ authenticate })
  })

  /** Api-key authentication over the `ApiKeyStore`. */
  static readonly layer: Layer.Layer<ApiKeyAuth, never, ApiKeyStore | Digest.Digest> = Layer.effect(ApiKeyAuth, ApiKeyAuth.make)
}
