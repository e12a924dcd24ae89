import { assert, describe, layer } from "@effect/vitest"
import { ClusterStatus } from "@wagate/cluster"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { fakeCluster, registeredRunner } from "./fakeCluster.ts"
import { captureLogs, envelopeOf, failingStoreHealth, send, testServer } from "./fixtures.ts"

describe("Health on a cluster runner", () => {
  const runner = fakeCluster(registeredRunner)
  layer(testServer({ logs: captureLogs().layer, cluster: runner.layer }))("a runner among others", (it) => {
    it.effect("/readyz is 200 with the runner's state while it is registered", () =>
      Effect.gen(function*() {
        yield* runner.set(registeredRunner)
        const readyz = yield* send("GET", "/readyz")
        assert.strictEqual(readyz.status, 200)
        assert.deepStrictEqual(readyz.json, {
          status: "ok",
          cluster: registeredRunner
        })
      }))

    it.effect("/readyz is 503 unavailable while it is not registered, 200 again once it is; /healthz stays 200", () =>
      Effect.gen(function*() {
        yield* runner.set({ registered: false, shards: 0, sessionsOwned: 0 })
        const starting = yield* send("GET", "/readyz")
        assert.strictEqual(starting.status, 503)
        const { error } = envelopeOf(starting)
        assert.strictEqual(error.code, "unavailable")
        assert.include(error.message, "gateway-1:34431 is not registered")
        assert.deepStrictEqual(error.details, { retryAfterSeconds: 5 })
        assert.strictEqual(starting.headers["retry-after"], "5")
        assert.isDefined(starting.headers["x-request-id"])
        assert.strictEqual((yield* send("GET", "/healthz")).status, 200)

        yield* runner.set({ registered: true, shards: 50, sessionsOwned: 2, handoversIn: 4 })
        const ready = yield* send("GET", "/readyz")
        assert.strictEqual(ready.status, 200)
        assert.deepStrictEqual(ready.json, {
          status: "ok",
          cluster: { ...registeredRunner, shards: 50, sessionsOwned: 2, handoversIn: 4 }
        })
      }))
  })

  const single = fakeCluster({ ...registeredRunner, mode: "single", runner: "embedded", registered: false })
  layer(testServer({ logs: captureLogs().layer, cluster: single.layer }))("the embedded single runner", (it) => {
    it.effect("/readyz is 200 with its state: the store alone decides, registered or not", () =>
      Effect.gen(function*() {
        const readyz = yield* send("GET", "/readyz")
        assert.strictEqual(readyz.status, 200)
        assert.deepStrictEqual(readyz.json, {
          status: "ok",
          cluster: { ...registeredRunner, mode: "single", runner: "embedded", registered: false }
        })
      }))
  })

  const unreachable = { logs: captureLogs().layer, storeHealth: failingStoreHealth, cluster: fakeCluster(registeredRunner).layer }
  layer(testServer(unreachable))("with an unreachable store", (it) => {
    it.effect("/readyz is the store's 503, registered or not", () =>
      Effect.gen(function*() {
        const readyz = yield* send("GET", "/readyz")
        assert.strictEqual(readyz.status, 503)
        const { error } = envelopeOf(readyz)
        assert.strictEqual(error.code, "unavailable")
        assert.strictEqual(error.message, "the store is unavailable; retry later")
        assert.strictEqual(readyz.headers["retry-after"], "4")
      }))
  })

  // A runner whose state never comes; `asked` tells the test the probe is waiting on it.
  const asked = Deferred.makeUnsafe<void>()
  const hanging = Layer.succeed(ClusterStatus, ClusterStatus.of({ state: Effect.andThen(Deferred.succeed(asked, undefined), Effect.never) }))
  layer(testServer({ logs: captureLogs().layer, cluster: hanging }))("with a runner state that does not answer", (it) => {
    it.effect("/readyz gives up after 2 seconds with 503", () =>
      Effect.gen(function*() {
        const probe = yield* Effect.forkChild(send("GET", "/readyz"))
        yield* Deferred.await(asked)
        yield* TestClock.adjust("2 seconds")
        const readyz = yield* Fiber.join(probe)
        assert.strictEqual(readyz.status, 503)
        assert.strictEqual(envelopeOf(readyz).error.code, "unavailable")
        assert.include(envelopeOf(readyz).error.message, "cluster state did not answer")
        assert.strictEqual(readyz.headers["retry-after"], "5")
      }))
  })
})
