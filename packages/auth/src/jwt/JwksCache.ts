import { AuthUnavailable, Unauthorized } from "@wagate/core"
import { createLocalJWKSet, type CryptoKey, errors, type JSONWebKeySet, type JWSHeaderParameters, type LocalJWKSet } from "jose"
import { Clock, Data, Effect, Option, Ref, Semaphore } from "effect"

/** How the JWKS is fetched and cached. All durations are measured with Effect's `Clock`. */
export interface JwksCacheOptions {
  readonly url: URL
  /** Keys older than this are refetched before use (default 600 s). A failed refetch is `AuthUnavailable`. */
  readonly cacheMaxAgeSeconds: number
  /** After a successful fetch, an unknown `kid` triggers another fetch only once this has passed (default 30 s). */
  readonly refetchCooldownSeconds: number
  /** After a failed fetch, no fetch is tried until this has passed; tokens meanwhile get 503 (default 5 s). */
  readonly failureBackoffSeconds: number
  /** One fetch's time limit, in real time (default 5000 ms). */
  readonly fetchTimeoutMillis: number
}

interface FetchedKeys {
  readonly resolver: LocalJWKSet
  readonly fetchedAt: number
}

interface CacheState {
  readonly keys: Option.Option<FetchedKeys>
  /** When the latest fetch failed; none once a fetch succeeds. */
  readonly failedAt: Option.Option<number>
}

/** Why a fetch failed; only logged (with the URL), never shown to the caller. */
class JwksFetchFailed extends Data.TaggedError("JwksFetchFailed")<{ readonly detail: string }> {}

type Plan =
  | { readonly _tag: "Use" }
  | { readonly _tag: "Fetch" }
  | { readonly _tag: "Wait"; readonly retryAfterMillis: number }

const use: Plan = { _tag: "Use" }
const fetchNow: Plan = { _tag: "Fetch" }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isJwkSet = (value: unknown): value is JSONWebKeySet =>
  isObject(value) && Array.isArray(value["keys"]) &&
  value["keys"].every((key: unknown) => isObject(key) && typeof key["kty"] === "string")

const describe = (cause: unknown): string =>
  cause instanceof Error ? (cause.cause instanceof Error ? `${cause.message}: ${cause.cause.message}` : cause.message) : String(cause)

/**
 * Fetches the JWKS. The time limit is real time (an `AbortSignal`), so a hung host never holds a request past it
 * even under a test clock; interrupting the effect aborts the request too.
 */
const fetchJwks = (options: JwksCacheOptions) =>
  Effect.tryPromise({
    try: async (signal) => {
      const response = await fetch(options.url, {
        method: "GET",
        redirect: "manual",
        headers: { accept: "application/json, application/jwk-set+json" },
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.fetchTimeoutMillis)])
      })
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new Error(`the JWKS host answered HTTP ${response.status}`)
      }
      const body: unknown = await response.json()
      if (!isJwkSet(body)) throw new Error("the JWKS host's answer is not a JSON Web Key Set")
      return createLocalJWKSet(body)
    },
    catch: (cause) => new JwksFetchFailed({ detail: describe(cause) })
  })

const joseCode = (error: unknown): string | undefined => error instanceof errors.JOSEError ? error.code : undefined

/**
 * The JWKS, fetched on first use and cached.
 *
 * Why not jose's `createRemoteJWKSet`: its `cooldownDuration` (default 30 s) does rate-limit refetches for
 * unknown `kid`s, but only counting from the last *successful* fetch, so while the host is down or answering
 * garbage every token (one after another) causes a fetch; and it reads `Date.now()`, which tests cannot move.
 * This cache keeps jose's key selection (`createLocalJWKSet`: `kid`, `alg`, `use`, `key_ops`, public keys only)
 * and adds a failure backoff, timing from Effect's `Clock`, and fetches that survive an impatient caller. Refetches are rate-limited so that no stream of tokens can make
 * the host see more than one request per `refetchCooldownSeconds` (unknown `kid`s, host healthy) or per
 * `failureBackoffSeconds` (host failing), plus one per `cacheMaxAgeSeconds` for expiry; concurrent callers
 * share one fetch.
 */
export const makeJwksCache = Effect.fn("JwksCache.make")(function*(options: JwksCacheOptions) {
  const state = yield* Ref.make<CacheState>({ keys: Option.none(), failedAt: Option.none() })
  const fetching = yield* Semaphore.make(1)
  const maxAge = options.cacheMaxAgeSeconds * 1000
  const cooldown = options.refetchCooldownSeconds * 1000
  const backoff = options.failureBackoffSeconds * 1000

  const isFresh = (s: CacheState, now: number): boolean =>
    Option.isSome(s.keys) && now - s.keys.value.fetchedAt < maxAge

  const afterFailure = (failedAt: number, now: number): Plan =>
    now - failedAt >= backoff ? fetchNow : { _tag: "Wait", retryAfterMillis: backoff - (now - failedAt) }

  // Keys are missing or too old.
  const planForExpiry = (s: CacheState, now: number): Plan => {
    if (isFresh(s, now)) return use
    return Option.isSome(s.failedAt) ? afterFailure(s.failedAt.value, now) : fetchNow
  }

  // The fresh keys have none for the token.
  const planForUnknownKey = (s: CacheState, now: number): Plan => {
    if (Option.isSome(s.failedAt)) return afterFailure(s.failedAt.value, now)
    if (Option.isNone(s.keys)) return fetchNow
    return now - s.keys.value.fetchedAt >= cooldown ? fetchNow : use
  }

  const unavailable = (retryAfterMillis: number) =>
    new AuthUnavailable({
      message: "the token issuer's signing keys (JWKS) cannot be fetched right now; retry later (api keys are not affected)",
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMillis / 1000))
    })

  // Uninterruptible (the fetch has its own time limit): a caller that goes away mid-fetch must not abort it
  // before its outcome is recorded, or clients that hang up at once could trigger fetch after fetch.
  const fetchAndRecord = (current: CacheState) =>
    Effect.uninterruptible(Effect.gen(function*() {
      const fetched = yield* Effect.result(fetchJwks(options))
      const at = yield* Clock.currentTimeMillis
      if (fetched._tag === "Failure") {
        yield* Ref.set(state, { ...current, failedAt: Option.some(at) })
        yield* Effect.logWarning(`JWKS fetch from ${options.url.href} failed: ${fetched.failure.detail}`)
        return yield* unavailable(backoff)
      }
      const next: CacheState = { keys: Option.some({ resolver: fetched.success, fetchedAt: at }), failedAt: Option.none() }
      yield* Ref.set(state, next)
      return next
    }))

  // One fetch at a time; a caller that queued behind another's fetch re-plans on the state it left.
  const refresh = (plan: (s: CacheState, now: number) => Plan) =>
    fetching.withPermit(Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const current = yield* Ref.get(state)
      const decided = plan(current, now)
      if (decided._tag === "Use") return current
      if (decided._tag === "Wait") return yield* unavailable(decided.retryAfterMillis)
      return yield* fetchAndRecord(current)
    }))

  // The key for the header from the given keys: none when no key matches.
  const lookup = (keys: Option.Option<FetchedKeys>, header: JWSHeaderParameters) =>
    Option.isNone(keys)
      ? Effect.succeedNone
      : Effect.tryPromise({ try: () => keys.value.resolver(header), catch: (error) => error }).pipe(
        Effect.map(Option.some<CryptoKey>),
        Effect.catch((error) => {
          switch (joseCode(error)) {
            case "ERR_JWKS_NO_MATCHING_KEY":
              return Effect.succeedNone
            case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
              return Effect.fail(
                new Unauthorized({ reason: "invalid", message: "the JWT names no key id (kid) and several of the issuer's keys match" })
              )
            default:
              return Effect.fail(
                new Unauthorized({ reason: "invalid", message: "the issuer's key for this JWT cannot be used to verify it" })
              )
          }
        })
      )

  /** The verification key for a JWT's header; `unknown_key` when the JWKS has none, even after a refetch. */
  const keyFor = Effect.fn("JwksCache.keyFor")(function*(header: JWSHeaderParameters) {
    const now = yield* Clock.currentTimeMillis
    let current = yield* Ref.get(state)
    if (!isFresh(current, now)) current = yield* refresh(planForExpiry)
    const cached = yield* lookup(current.keys, header)
    if (Option.isSome(cached)) return cached.value
    const refreshed = yield* refresh(planForUnknownKey)
    const found = yield* lookup(refreshed.keys, header)
    if (Option.isSome(found)) return found.value
    return yield* new Unauthorized({ reason: "unknown_key", message: "the JWT's signing key is not among the issuer's keys (JWKS)" })
  })

  return { keyFor } as const
})

export type JwksCache = Effect.Success<ReturnType<typeof makeJwksCache>>
