import { Context, type Effect } from "effect"

/** What this process is in the cluster, as `/readyz` and `/metrics` tell it. */
export interface RunnerState {
  /** `single`: the embedded database's one runner (no peers); `socket`: a runner among others on a Postgres server. */
  readonly mode: "single" | "socket"
  /** The address the other runners reach this one at (`host:port`); `embedded` for a single runner. */
  readonly runner: string
  /** Whether the runner is registered and holds shard assignments (false while starting and while stopping). */
  readonly registered: boolean
  /** How many shards are assigned to this runner now. */
  readonly shards: number
  /** How many sessions this process owns now (their entities are active here, sockets included). */
  readonly sessionsOwned: number
  /** Sessions taken over by this process since it started (an entity activated here for a linked session). */
  readonly handoversIn: number
  /** Sessions this process let go of without a logout since it started (shards moved away, or shutting down). */
  readonly handoversOut: number
}

/** This process's place in the cluster, read by the operations routes. */
export class ClusterStatus extends Context.Service<ClusterStatus, {
  readonly state: Effect.Effect<RunnerState>
}>()("@wagate/cluster/ClusterStatus") {}
