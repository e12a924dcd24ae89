import { Effect, Layer } from "effect"
import * as Sharding from "effect/cluster/Sharding"
import * as ShardingConfig from "effect/cluster/ShardingConfig"
import * as ShardId from "effect/cluster/ShardId"
import { ClusterStatus, type RunnerState } from "./ClusterStatus.ts"
import { OwnedSessions } from "./OwnedSessions.ts"

/** `ClusterStatus` read from the engine (the shards assigned here) and from the sessions this process holds. */
export const ClusterStatusLive = (runner: Pick<RunnerState, "mode" | "runner">) =>
  Layer.effect(
    ClusterStatus,
    Effect.gen(function*() {
      const sharding = yield* Sharding.Sharding
      // The runtimes keep the engine's shard layout (ClusterRuntime.ts overrides timings only).
      const config = ShardingConfig.defaults
      const owned = yield* OwnedSessions
      const shardIds = config.assignedShardGroups.flatMap((group) =>
        Array.from({ length: config.shardsPerGroup }, (_, i) => ShardId.make(group, i + 1))
      )
      return ClusterStatus.of({
        state: Effect.gen(function*() {
          const shards = shardIds.filter((id) => sharding.hasShardId(id)).length
          const stopping = yield* sharding.isShutdown
          const counts = yield* owned.counts
          return {
            ...runner,
            registered: !stopping && shards > 0,
            shards,
            sessionsOwned: counts.owned,
            handoversIn: counts.handoversIn,
            handoversOut: counts.handoversOut
          }
        })
      })
    })
  )
