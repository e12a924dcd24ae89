import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import * as NodeCrypto from "@effect/platform-node/NodeCrypto"
import { Duration, Layer, Option } from "effect"
import * as MessageStorage from "effect/cluster/MessageStorage"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as RunnerHealth from "effect/cluster/RunnerHealth"
import * as Runners from "effect/cluster/Runners"
import * as RunnerStorage from "effect/cluster/RunnerStorage"
import * as Sharding from "effect/cluster/Sharding"
import * as ShardingConfig from "effect/cluster/ShardingConfig"
import * as SocketRunner from "effect/cluster/SocketRunner"
import * as SqlMessageStorage from "effect/cluster/SqlMessageStorage"
import * as SqlRunnerStorage from "effect/cluster/SqlRunnerStorage"
import * as RpcSerialization from "effect/rpc/RpcSerialization"
import type { SqlClient } from "effect/sql/SqlClient"
import { PeerWatch, quickPing } from "./PeerHealth.ts"

/**
 * The engine's timings, chosen so that a session whose runner died is owned and connected again within 10 s
 * (ADR 0038, 0039). A dead process's advisory locks go with its Postgres connection, at once; its peers notice
 * (every runner pings the others every 500 ms, `PeerWatch`; the engine's singleton every second) and mark it
 * unhealthy, which takes it out of the assignments, refreshed every second; the keep-alive its sessions' entities
 * held is re-delivered on the next storage poll (1 s).
 *
 * Shard locks: the engine gives a refresh its interval as a timeout and lets go of every shard when one is late,
 * which a 1 s interval did on a busy 2-core machine: 2 s. They expire after 6 s (a runner's registration too).
 * Postgres closes an idle lock connection after `shardLockExpiration`, so the refresh comes 3 times in it.
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
 * Composed as `NodeClusterSocket.layer` composes it, with two changes (ADR 0038): runners' health is a quicker ping
 * (`quickPing`), and every runner watches its peers (`PeerWatch`), not only the one running the engine's check.
 */
export const socketRunner = (endpoint: RunnerEndpoint) => {
  const address = Option.some(RunnerAddress.make(endpoint.host, endpoint.port))
  const runner = Layer.provide(SocketRunner.layer, [NodeClusterSocket.layerSocketServer, NodeClusterSocket.layerClientProtocol])
  const health = quickPing.pipe(Layer.provide(Runners.layerRpc), Layer.provide(NodeClusterSocket.layerClientProtocol))
  return Layer.provideMerge(PeerWatch, runner).pipe(
    Layer.provide(health),
    Layer.provideMerge(SqlMessageStorage.layer.pipe(Layer.provide(NodeCrypto.layerDigest))),
    Layer.provide(Layer.orDie(SqlRunnerStorage.layer)),
    // The address the others dial and the one this runner listens on: always ours, never read from the
    // environment (the engine's own variables would take `PORT`, the gateway's HTTP port, for the runner's).
    Layer.provide(ShardingConfig.layerFromEnv({ ...timings, runnerAddress: address, runnerListenAddress: address })),
    Layer.provide(RpcSerialization.layerSchemaBinary())
  )
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
