import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import { Duration, Layer, Option } from "effect"
import * as MessageStorage from "effect/cluster/MessageStorage"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as RunnerHealth from "effect/cluster/RunnerHealth"
import * as Runners from "effect/cluster/Runners"
import * as RunnerStorage from "effect/cluster/RunnerStorage"
import * as Sharding from "effect/cluster/Sharding"
import * as ShardingConfig from "effect/cluster/ShardingConfig"
import type { SqlClient } from "effect/sql/SqlClient"

/**
 * The engine's timings, chosen so that a session whose runner died is owned and connected again within 10 s
 * (ADR 0038). A dead process's advisory locks go with its Postgres connection, at once; its peers' health checks
 * (a ping every second, dead after ~2.5 s of refused pings) take it out of the assignments, which are refreshed
 * every second; the keep-alive its sessions' entities held is re-delivered on the next storage poll (1 s).
 *
 * Except when the dead process ran the engine's own health-check singleton: then its shards come free only when
 * their locks expire (`shardLockExpiration`, 6 s; at 12 s the multi-process test measured 13.6 s). The engine gives
 * a refresh its interval as a timeout and lets go of every shard when one is late, which a 1 s interval did on a
 * busy 2-core machine: 2 s. Postgres closes an idle lock connection after `shardLockExpiration`, so the refresh
 * comes 3 times in it.
 */
const timings: Partial<ShardingConfig.ShardingConfig["Service"]> = {
  runnerHealthCheckInterval: Duration.seconds(1),
  refreshAssignmentsInterval: Duration.seconds(1),
  shardLockRefreshInterval: Duration.seconds(2),
  shardLockExpiration: Duration.seconds(6),
  entityMessagePollInterval: Duration.seconds(1),
  // A stopping session finishes a send under way (up to Baileys' 20 s query timeout) and records its status
  // before its socket closes and its shard is let go.
  entityTerminationTimeout: Duration.seconds(25),
  // Sessions stay live through their socket (keep-alive); an entity without one may go after a minute.
  entityMaxIdleTime: Duration.minutes(1)
}

/** Where this runner is reached by the others (`WAGATE_RUNNER_HOST`, `WAGATE_RUNNER_PORT`). */
export interface RunnerEndpoint {
  readonly host: string
  readonly port: number
}

export type ClusterRuntimeServices = Sharding.Sharding | Runners.Runners | MessageStorage.MessageStorage

/**
 * A runner among others on a Postgres server: runners and shard locks in its tables (`SqlRunnerStorage`, which
 * holds a lock connection of its own), persisted messages too (`SqlMessageStorage`), runners reach each other over
 * sockets. The SQL client should be a pool of its own: the engine's lock connection and polls stay off the store's.
 */
export const socketRunner = (endpoint: RunnerEndpoint) => {
  const address = Option.some(RunnerAddress.make(endpoint.host, endpoint.port))
  return NodeClusterSocket.layer({
    storage: "sql",
    // The address the others dial and the one this runner listens on: always ours, never read from the
    // environment (the engine's own variables would take `PORT`, the gateway's HTTP port, for the runner's).
    shardingConfig: { ...timings, runnerAddress: address, runnerListenAddress: address }
  })
}

/**
 * The embedded database's one runner (ADR 0038): every shard is its own, runners and messages in memory (the
 * embedded database has one connection, which the engine's lock connection and polls would hold up), no peers.
 */
export const singleRunner: Layer.Layer<ClusterRuntimeServices> = Sharding.layer.pipe(
  Layer.provideMerge(Runners.layerNoop),
  Layer.provideMerge(MessageStorage.layerMemory),
  Layer.provide([RunnerStorage.layerMemory, RunnerHealth.layerNoop]),
  // The default address names the runner; nothing listens there (no peers, `Runners.layerNoop`).
  Layer.provide(ShardingConfig.layer(timings))
)

export type { SqlClient }
