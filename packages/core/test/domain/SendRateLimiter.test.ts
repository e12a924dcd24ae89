import { assert, describe, it } from "@effect/vitest"
import { SendRateLimiter, type SessionId } from "@wagate/core"
import { Effect, Exit } from "effect"
import { TestClock } from "effect/testing"

const a = "a" as SessionId
const b = "b" as SessionId

describe("SendRateLimiter", () => {
  it.effect("allows a burst of the per-minute rate, then says when to retry", () =>
    Effect.gen(function*() {
      const limiter = yield* SendRateLimiter
      for (let i = 0; i < 6; i++) yield* limiter.take(a)
      const refused = yield* Effect.flip(limiter.take(a))
      assert.strictEqual(refused._tag, "RateLimited")
      assert.strictEqual(refused.retryAfterSeconds, 10, "6 a minute: one token every 10 s")
      assert.strictEqual(yield* limiter.delayMillis(a), 10_000)
    }).pipe(Effect.provide(SendRateLimiter.make({ perMinute: 6 }))))

  it.effect("refills with time from the Clock", () =>
    Effect.gen(function*() {
      const limiter = yield* SendRateLimiter
      for (let i = 0; i < 6; i++) yield* limiter.take(a)
      yield* TestClock.adjust("9 seconds")
      const stillRefused = yield* Effect.flip(limiter.take(a))
      assert.strictEqual(stillRefused.retryAfterSeconds, 1)
      yield* TestClock.adjust("1 second")
      assert.isTrue(Exit.isSuccess(yield* Effect.exit(limiter.take(a))))
      yield* TestClock.adjust("10 minutes")
      for (let i = 0; i < 6; i++) yield* limiter.take(a)
      assert.isTrue(Exit.isFailure(yield* Effect.exit(limiter.take(a))), "the burst never exceeds the rate")
    }).pipe(Effect.provide(SendRateLimiter.make({ perMinute: 6 }))))

  it.effect("keeps one budget per session", () =>
    Effect.gen(function*() {
      const limiter = yield* SendRateLimiter
      yield* limiter.take(a)
      assert.isTrue(Exit.isFailure(yield* Effect.exit(limiter.take(a))))
      assert.isTrue(Exit.isSuccess(yield* Effect.exit(limiter.take(b))))
    }).pipe(Effect.provide(SendRateLimiter.make({ perMinute: 1 }))))
})
