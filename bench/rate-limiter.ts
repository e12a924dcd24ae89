/**
 * `npm run bench:rate-limiter`: the cost of a send's rate check as the number of sessions grows (ADR 0041).
 *
 * In this process, with no I/O: the send rate limiter (`SendRateLimiter`, rate high enough never to refuse) first
 * holds a bucket for each of `--sessions S` sessions (default 10,000), then answers `--calls N` `tryTake`s (default
 * 20,000) spread over them; the same with 200 sessions for comparison. Printed: microseconds per `tryTake`, which
 * should not grow with the number of sessions (before ADR 0041 the limiter copied every bucket on every send: 14 µs
 * per call with 200 sessions, 890 µs with 10,000). Asserts nothing; figures depend on the machine and its load.
 */
import { SendRateLimiter, SessionId } from "@wagate/core"
import { Effect } from "effect"
import { argument } from "./support/arguments.ts"
import { write } from "./support/database.ts"

const sessions = argument("sessions", 10_000)
const calls = argument("calls", 20_000)

/** Microseconds per `tryTake` over `calls` calls spread over `count` sessions that all hold a bucket already. */
const perCall = (count: number) =>
  Effect.gen(function*() {
    const limiter = yield* SendRateLimiter
    const ids = Array.from({ length: count }, (_, i) => SessionId.make(`rate-${i}`))
    for (const id of ids) yield* limiter.tryTake(id)
    const started = performance.now()
    for (let i = 0; i < calls; i++) {
      const id = ids[i % count]
      if (id !== undefined) yield* limiter.tryTake(id)
    }
    return ((performance.now() - started) * 1000) / calls
  }).pipe(Effect.provide(SendRateLimiter.make({ perMinute: Number.MAX_SAFE_INTEGER })))

const main = async () => {
  write(`bench:rate-limiter: ${calls} tryTake calls`)
  for (const count of [200, sessions]) {
    write(`${String(count).padStart(6)} sessions: ${(await Effect.runPromise(perCall(count))).toFixed(1)} µs per tryTake`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:rate-limiter failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
