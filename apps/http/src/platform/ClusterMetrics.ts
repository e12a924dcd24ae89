import type { RunnerState } from "@wagate/cluster"
import { Effect, Metric } from "effect"

export const clusterSessionsOwned = Metric.gauge("wagate_cluster_sessions_owned", {
  description: "Sessions this process owns now: their entities, sockets included, are active here."
})
export const clusterShards = Metric.gauge("wagate_cluster_shards", {
  description: "Shards assigned to this runner now."
})
export const clusterRunnerRegistered = Metric.gauge("wagate_cluster_runner_registered", {
  description: "1 while this runner is registered in the cluster and holds shard assignments, else 0 (starting, stopping)."
})
export const clusterHandovers = Metric.counter("wagate_cluster_handovers_total", {
  description: "Sessions handed over since this process started: in (taken over here), out (let go without a logout)."
})

const handoversIn = Metric.withAttributes(clusterHandovers, { direction: "in" })
const handoversOut = Metric.withAttributes(clusterHandovers, { direction: "out" })

/**
 * Moves a counter to the running total the runner keeps: the state holds totals since start, and an Effect counter
 * only adds, so it adds what is new since the last scrape (0 on the first one still shows the series).
 */
const advanceTo = Effect.fn("Metrics.advanceTo")(function*(counter: Metric.Counter<number>, total: number) {
  const { count } = yield* Metric.value(counter)
  yield* Metric.update(counter, total - count)
})

/** Sets the cluster series from the runner's state, at scrape time. */
export const recordClusterState = Effect.fn("Metrics.recordClusterState")(function*(state: RunnerState) {
  yield* Metric.update(clusterSessionsOwned, state.sessionsOwned)
  yield* Metric.update(clusterShards, state.shards)
  yield* Metric.update(clusterRunnerRegistered, state.registered ? 1 : 0)
  yield* advanceTo(handoversIn, state.handoversIn)
  yield* advanceTo(handoversOut, state.handoversOut)
})
