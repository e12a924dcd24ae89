import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { fakeCluster, registeredRunner } from "./fakeCluster.ts"
import { captureLogs, send, testServer } from "./fixtures.ts"
import { helpLine, sampleLine, typeLine, valueOf } from "./prometheusText.ts"


const scrape = Effect.map(send("GET", "/metrics"), (reply) => reply.text)

describe("Metrics on a cluster runner", () => {
  const runner = fakeCluster(registeredRunner)
  layer(testServer({ logs: captureLogs().layer, cluster: runner.layer }))((it) => {
    it.effect("/metrics shows the runner's sessions, shards, registration and hand-overs, and follows them", () =>
      Effect.gen(function*() {
        const text = yield* scrape
        for (const line of text.trimEnd().split("\n")) {
          assert.isTrue(sampleLine.test(line) || typeLine.test(line) || helpLine.test(line), `not exposition format: ${line}`)
        }
        assert.include(text, "# TYPE wagate_cluster_sessions_owned gauge")
        assert.include(text, "# TYPE wagate_cluster_shards gauge")
        assert.include(text, "# TYPE wagate_cluster_runner_registered gauge")
        assert.include(text, "# TYPE wagate_cluster_handovers_total counter")
        for (const name of ["sessions_owned", "shards", "runner_registered", "handovers_total"]) {
          assert.match(text, new RegExp(`^# HELP wagate_cluster_${name} \\S`, "m"))
        }
        assert.strictEqual(valueOf(text, "wagate_cluster_sessions_owned"), 7)
        assert.strictEqual(valueOf(text, "wagate_cluster_shards"), 100)
        assert.strictEqual(valueOf(text, "wagate_cluster_runner_registered"), 1)
        assert.strictEqual(valueOf(text, `wagate_cluster_handovers_total{direction="in"}`), 3)
        assert.strictEqual(valueOf(text, `wagate_cluster_handovers_total{direction="out"}`), 1)

        // Shards move away on shutdown: the sessions go out, the runner lets go of its registration.
        yield* runner.set({ registered: false, shards: 0, sessionsOwned: 0, handoversIn: 5, handoversOut: 8 })
        const after = yield* scrape
        assert.strictEqual(valueOf(after, "wagate_cluster_sessions_owned"), 0)
        assert.strictEqual(valueOf(after, "wagate_cluster_shards"), 0)
        assert.strictEqual(valueOf(after, "wagate_cluster_runner_registered"), 0)
        assert.strictEqual(valueOf(after, `wagate_cluster_handovers_total{direction="in"}`), 5, "the runner's total, not a sum of scrapes")
        assert.strictEqual(valueOf(after, `wagate_cluster_handovers_total{direction="out"}`), 8)

        // A scrape with nothing new leaves the totals as they are.
        const again = yield* scrape
        assert.strictEqual(valueOf(again, `wagate_cluster_handovers_total{direction="in"}`), 5)
        assert.strictEqual(valueOf(again, `wagate_cluster_handovers_total{direction="out"}`), 8)
      }))
  })

  const fresh = fakeCluster({ ...registeredRunner, handoversIn: 0, handoversOut: 0 })
  layer(testServer({ logs: captureLogs().layer, cluster: fresh.layer }))((it) => {
    it.effect("both hand-over directions are shown from the first scrape, at 0 before the first hand-over", () =>
      Effect.gen(function*() {
        const text = yield* scrape
        assert.strictEqual(valueOf(text, `wagate_cluster_handovers_total{direction="in"}`), 0)
        assert.strictEqual(valueOf(text, `wagate_cluster_handovers_total{direction="out"}`), 0)
      }))
  })

  layer(testServer({ logs: captureLogs().layer }))((it) => {
    it.effect("without a cluster runner (the in-process simulator) no cluster series is shown", () =>
      Effect.gen(function*() {
        const text = yield* scrape
        assert.include(text, "wagate_store_up")
        assert.notInclude(text, "wagate_cluster_")
      }))
  })
})
