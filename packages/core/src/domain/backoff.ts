import { Duration, Effect, Random } from "effect"

/** An exponential backoff: the first delay, doubled after each failure, never above the cap. */
export interface Backoff {
  readonly firstRetryDelay: Duration.Duration
  readonly maxRetryDelay: Duration.Duration
}

/**
 * The delay after failed attempt `attempt` (1-based): `first · 2^(attempt-1)` plus up to 25% jitter, at most
 * `max`. The jitter spreads retries of many loops apart; each delay still exceeds the one before until the cap.
 */
export const backoffDelay = Effect.fn("backoffDelay")(function*(backoff: Backoff, attempt: number) {
  const base = Duration.toMillis(backoff.firstRetryDelay) * 2 ** Math.min(attempt - 1, 40)
  const jittered = base * (1 + (yield* Random.next) / 4)
  return Duration.millis(Math.round(Math.min(jittered, Duration.toMillis(backoff.maxRetryDelay))))
})
