import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { MessageStore, SessionStore } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { StoreFixtures } from "@wagate/testing"
import { Context, Effect, Layer, Metric, Ref } from "effect"
import { HttpRouter } from "effect/http"
import { Metrics } from "../../src/platform/Metrics.ts"
import { captureLogs, send, testServer } from "./fixtures.ts"
import { helpLine, sampleLine, typeLine, valueOf } from "./prometheusText.ts"


describe("Metrics", () => {
  layer(testServer({ logs: captureLogs().layer }))((it) => {
    it.effect("/metrics is Prometheus text: requests and latency by route template and status, store gauges", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionStore
        const messages = yield* MessageStore
        const owner = yield* StoreFixtures.freshOwner // one `pairing` session
        yield* sessions.insert(StoreFixtures.makeSession(owner.orgId, StoreFixtures.freshSessionId(), { status: "connected" }))
        yield* sessions.insert(StoreFixtures.makeSession(owner.orgId, StoreFixtures.freshSessionId(), { status: "connected" }))
        yield* messages.insert(StoreFixtures.makeMessage(owner, StoreFixtures.freshMessageId(), { status: "queued" }))

        yield* send("GET", "/api/things/abc")
        yield* send("GET", "/api/things/def")
        yield* send("GET", "/api/things/ab") // 400: too short
        yield* send("POST", "/api/things/abc:archive")
        yield* send("GET", "/no/such/route/9f2c")

        const reply = yield* send("GET", "/metrics")
        assert.strictEqual(reply.status, 200)
        assert.strictEqual(reply.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8")
        const text = reply.text
        assert.isTrue(text.endsWith("\n"))
        for (const line of text.trimEnd().split("\n")) {
          assert.isTrue(sampleLine.test(line) || typeLine.test(line) || helpLine.test(line), `not exposition format: ${line}`)
        }

        assert.include(text, "# TYPE wagate_http_requests_total counter")
        assert.strictEqual(valueOf(text, `wagate_http_requests_total{method="GET",route="/api/things/{id}",status="200"}`), 2)
        assert.strictEqual(valueOf(text, `wagate_http_requests_total{method="GET",route="/api/things/{id}",status="400"}`), 1)
        assert.strictEqual(valueOf(text, `wagate_http_requests_total{method="POST",route="/api/things/{id}:archive",status="204"}`), 1)
        assert.strictEqual(valueOf(text, `wagate_http_requests_total{method="GET",route="unmatched",status="404"}`), 1)
        // Raw paths never become labels.
        assert.notInclude(text, "9f2c")
        assert.notInclude(text, "/api/things/abc")

        assert.include(text, "# TYPE wagate_http_request_duration_seconds histogram")
        const series = `method="GET",route="/api/things/{id}",status="200"`
        assert.strictEqual(valueOf(text, `wagate_http_request_duration_seconds_bucket{${series},le="+Inf"}`), 2)
        assert.strictEqual(valueOf(text, `wagate_http_request_duration_seconds_count{${series}}`), 2)
        assert.isAtLeast(valueOf(text, `wagate_http_request_duration_seconds_sum{${series}}`) ?? -1, 0)
        assert.isDefined(valueOf(text, `wagate_http_request_duration_seconds_bucket{${series},le="0.005"}`))

        assert.include(text, "# TYPE wagate_sessions gauge")
        assert.strictEqual(valueOf(text, `wagate_sessions{status="connected"}`), 2)
        assert.strictEqual(valueOf(text, `wagate_sessions{status="pairing"}`), 1)
        assert.strictEqual(valueOf(text, `wagate_sessions{status="logged_out"}`), 0)
        assert.strictEqual(valueOf(text, `wagate_messages{status="queued"}`), 1)
        assert.strictEqual(valueOf(text, `wagate_messages{status="failed"}`), 0)
        assert.strictEqual(valueOf(text, "wagate_store_up"), 1)
      }))
  })

  // A server of its own: what it counts does not depend on what another test did before.
  layer(testServer({ logs: captureLogs().layer }))((it) => {
    it.effect("the gauges follow the store between scrapes, and scrapes are counted", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionStore
        const owner = yield* StoreFixtures.freshOwner // one `pairing` session
        yield* StoreFixtures.freshOwner // and another
        const before = (yield* send("GET", "/metrics")).text
        assert.strictEqual(valueOf(before, `wagate_sessions{status="pairing"}`), 2)
        yield* sessions.remove(owner.orgId, owner.sessionId)
        const after = (yield* send("GET", "/metrics")).text
        assert.strictEqual(valueOf(after, `wagate_sessions{status="pairing"}`), 1)
        assert.strictEqual(valueOf(after, `wagate_http_requests_total{method="GET",route="/metrics",status="200"}`), 1, "the first scrape")
      }))
  })
})

/** How many times a scrape asked the store to count sessions. */
class CountQueries extends Context.Service<CountQueries, Ref.Ref<number>>()("test/CountQueries") {}

/** The memory store, with `SessionStore.all` refused and `countByStatus` counted: what a scrape may use. */
const CountingStore = Layer.effectContext(Effect.gen(function*() {
  const sessions = yield* SessionStore
  const counts = yield* Ref.make(0)
  const counted = SessionStore.of({
    ...sessions,
    all: Effect.die(new Error("a scrape must not load every session")),
    countByStatus: Effect.andThen(Ref.update(counts, (n) => n + 1), sessions.countByStatus)
  })
  return Context.make(SessionStore, counted).pipe(
    Context.add(MessageStore, yield* MessageStore),
    Context.add(CountQueries, counts)
  )
})).pipe(Layer.provide(MemoryStore.layer))

const metricsOnly = HttpRouter.serve(Metrics.layer, { disableLogger: true, disableListenLog: true }).pipe(
  Layer.provideMerge(NodeHttpServer.layerTest),
  Layer.provideMerge(CountingStore),
  Layer.provide(Layer.succeed(Metric.MetricRegistry, new Map()))
)

describe("Metrics over a large store", () => {
  layer(metricsOnly)((it) => {
    it.effect("a scrape counts sessions with one count-by-status query, never loading the sessions", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionStore
        const orgId = StoreFixtures.freshOrgId()
        for (let i = 0; i < 300; i++) {
          const status = i % 3 === 0 ? "connected" : "disconnected"
          yield* sessions.insert(StoreFixtures.makeSession(orgId, StoreFixtures.freshSessionId(), { status }))
        }
        const reply = yield* send("GET", "/metrics")
        assert.strictEqual(reply.status, 200)
        assert.strictEqual(valueOf(reply.text, `wagate_sessions{status="connected"}`), 100)
        assert.strictEqual(valueOf(reply.text, `wagate_sessions{status="disconnected"}`), 200)
        assert.strictEqual(valueOf(reply.text, "wagate_store_up"), 1)
        assert.strictEqual(yield* Ref.get(yield* CountQueries), 1, "one query per scrape")
      }))
  })
})
