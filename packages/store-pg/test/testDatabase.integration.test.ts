import { assert, describe, it } from "@effect/vitest"
import { SessionStore } from "@wagate/core"
import { Clock, Context, Effect, Exit, Fiber, Layer, Scope } from "effect"
import { TestClock } from "effect/testing"
import { freshPgStore, testDatabaseUrl } from "../src/testing/index.ts"

/**
 * `effect`, forked, awaited for at most 20 s of the real clock: a hang fails the test instead of holding the run
 * (closing a scope is uninterruptible, so a plain timeout would wait for it too).
 */
const within20s = <A, E>(what: string, effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.forkDetach(effect)
    const done = yield* Fiber.await(fiber).pipe(
      Effect.timeoutOption("20 seconds"),
      Effect.provideService(Clock.Clock, Clock.Clock.defaultValue())
    )
    if (done._tag === "None") return assert.fail(`${what} did not finish in 20 s`)
    return yield* done.value
  })

describe("the test databases (@wagate/store-pg/testing)", () => {
  // The HTTP tests run the gateway on the TestClock and move it on by minutes. The store's pool keeps its timers on
  // the real clock, so its idle connections are not retired under a statement, and dropping the database at the end
  // does not wait for ever (it once did, one run in sixty).
  it.effect("a fresh store answers and is dropped after the TestClock moved on by minutes", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const store = Context.get(yield* Effect.orDie(Layer.buildWithScope(freshPgStore(testDatabaseUrl()), scope)), SessionStore)
      assert.deepStrictEqual(yield* within20s("a read", store.all), [])
      yield* TestClock.adjust("5 minutes")
      assert.deepStrictEqual(yield* within20s("a read after the clock moved", store.all), [])
      yield* within20s("dropping the database", Scope.close(scope, Exit.void))
    }), 60_000)
})
