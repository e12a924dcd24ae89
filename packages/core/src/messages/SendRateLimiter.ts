import { Clock, Context, Effect, Layer } from "effect"
import { RateLimited } from "../domain/errors.ts"
import type { SessionId } from "../domain/Ids.ts"

/** How fast one session may send: `perMinute` tokens a minute, with a burst of the same size. */
export interface SendRate {
  readonly perMinute: number
}

interface Bucket {
  readonly tokens: number
  readonly updatedAt: number
}

/**
 * The per-session send budget, a token bucket driven by Effect's Clock (so tests move time with TestClock).
 * `take` spends one token or fails with `RateLimited` and the whole seconds until one is back.
 */
export class SendRateLimiter extends Context.Service<SendRateLimiter, {
  readonly take: (sessionId: SessionId) => Effect.Effect<void, RateLimited>
  /** Spends one token and answers 0, or answers the milliseconds until one is back (spending nothing). */
  readonly tryTake: (sessionId: SessionId) => Effect.Effect<number>
  /** When the session may next send: 0 when it may now. */
  readonly delayMillis: (sessionId: SessionId) => Effect.Effect<number>
}>()("@wagate/core/SendRateLimiter") {
  static readonly make = (rate: SendRate) =>
    Layer.effect(
      SendRateLimiter,
      Effect.gen(function*() {
        const capacity = Math.max(1, rate.perMinute)
        const perMilli = capacity / 60_000
        // Read and written only in synchronous steps (no yield between a bucket's read and its write), so no lock:
        // one map for every session, updated in place (a copy per send would cost time with the number of sessions).
        const buckets = new Map<SessionId, Bucket>()

        const refill = (bucket: Bucket | undefined, at: number): Bucket =>
          bucket === undefined
            ? { tokens: capacity, updatedAt: at }
            : { tokens: Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * perMilli), updatedAt: at }

        const waitFor = (bucket: Bucket) => (bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / perMilli))

        const tryTake = Effect.fn("SendRateLimiter.tryTake")(function*(sessionId: SessionId) {
          const at = yield* Clock.currentTimeMillis
          return yield* Effect.sync(() => {
            const bucket = refill(buckets.get(sessionId), at)
            if (bucket.tokens >= 1) {
              buckets.set(sessionId, { tokens: bucket.tokens - 1, updatedAt: at })
              return 0
            }
            buckets.set(sessionId, bucket)
            return waitFor(bucket)
          })
        })

        const take = Effect.fn("SendRateLimiter.take")(function*(sessionId: SessionId) {
          const wait = yield* tryTake(sessionId)
          if (wait > 0) {
            return yield* new RateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) })
          }
        })

        const delayMillis = Effect.fn("SendRateLimiter.delayMillis")(function*(sessionId: SessionId) {
          const at = yield* Clock.currentTimeMillis
          return yield* Effect.sync(() => waitFor(refill(buckets.get(sessionId), at)))
        })

        return SendRateLimiter.of({ take, tryTake, delayMillis })
      })
    )
}
