import { assert, describe, layer } from "@effect/vitest"
import { StoreHealth } from "@wagate/core"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { captureLogs, envelopeOf, failingStoreHealth, send, testServer } from "./fixtures.ts"

describe("Health", () => {
  layer(testServer({ logs: captureLogs().layer }))("with a reachable store", (it) => {
    it.effect("/healthz and /readyz answer 200 ok", () =>
      Effect.gen(function*() {
        const healthz = yield* send("GET", "/healthz")
        assert.strictEqual(healthz.status, 200)
        assert.deepStrictEqual(healthz.json, { status: "ok" })
        const readyz = yield* send("GET", "/readyz")
        assert.strictEqual(readyz.status, 200)
        assert.deepStrictEqual(readyz.json, { status: "ok" })
      }))
  })

  layer(testServer({ logs: captureLogs().layer, storeHealth: failingStoreHealth }))("with an unreachable store", (it) => {
    it.effect("/readyz is 503 unavailable with Retry-After; /healthz stays 200", () =>
      Effect.gen(function*() {
        const readyz = yield* send("GET", "/readyz")
        assert.strictEqual(readyz.status, 503)
        const { error } = envelopeOf(readyz)
        assert.strictEqual(error.code, "unavailable")
        assert.deepStrictEqual(error.details, { retryAfterSeconds: 4 })
        assert.strictEqual(readyz.headers["retry-after"], "4")
        assert.isDefined(readyz.headers["x-request-id"])
        assert.strictEqual((yield* send("GET", "/healthz")).status, 200)
      }))
  })

  // A store that never answers; `pinged` tells the test the probe is waiting on it, `abandoned` that it gave up.
  const pinged = Deferred.makeUnsafe<void>()
  const abandoned = Deferred.makeUnsafe<void>()
  const hanging = Layer.succeed(
    StoreHealth,
    StoreHealth.of({
      ping: Effect.andThen(Deferred.succeed(pinged, undefined), Effect.never).pipe(
        Effect.onInterrupt(() => Deferred.succeed(abandoned, undefined))
      )
    })
  )
  layer(testServer({ logs: captureLogs().layer, storeHealth: hanging }))("with a store that does not answer", (it) => {
    it.effect("/readyz gives up after 2 seconds with 503", () =>
      Effect.gen(function*() {
        const probe = yield* Effect.forkChild(send("GET", "/readyz"))
        yield* Deferred.await(pinged)
        // The server runs on the TestClock: the probe still waits just before 2 seconds, and gives up at 2.
        yield* TestClock.adjust("1999 millis")
        assert.isFalse(yield* Deferred.isDone(abandoned), "still waiting for the store at 1.999 s")
        yield* TestClock.adjust("1 millis")
        yield* Deferred.await(abandoned)
        const readyz = yield* Fiber.join(probe)
        assert.strictEqual(readyz.status, 503)
        assert.strictEqual(envelopeOf(readyz).error.code, "unavailable")
        assert.strictEqual(readyz.headers["retry-after"], "5")
      }))
  })
})
