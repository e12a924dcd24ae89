import { type ClusterRuntimeServices, type RunnerState, singleRunner, socketRunner } from "@wagate/cluster"
import { PgStore } from "@wagate/store-pg"
import { Layer, Option } from "effect"
import type { StoreSettings } from "./store.ts"

/**
 * Where the `baileys` transport's sessions live (ADR 0038): the cluster runtime this process is a runner of, and how
 * it names itself.
 */
export interface ClusterSettings<E = never> {
  readonly runtime: Layer.Layer<ClusterRuntimeServices, E>
  readonly runner: Pick<RunnerState, "mode" | "runner">
}

/** The embedded database's (and the memory store's) cluster: one runner, every session its own. */
export const singleRunnerSettings: ClusterSettings = { runtime: singleRunner, runner: { mode: "single", runner: "embedded" } }

/** The pool the cluster engine's storage uses: its own, so its lock connection and polls never wait on the store's. */
const CLUSTER_CONNECTIONS = 4

/** `WAGATE_RUNNER_HOST` and `WAGATE_RUNNER_PORT`. */
export interface RunnerSettings {
  readonly runner: { readonly host: string; readonly port: number }
}

/**
 * On a Postgres server this process is one runner among the others on that database, reached at
 * `WAGATE_RUNNER_HOST:WAGATE_RUNNER_PORT`; the embedded database is one single runner's.
 */
export const clusterSettings = (settings: StoreSettings & RunnerSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: (): ClusterSettings<unknown> => singleRunnerSettings,
    onSome: (url): ClusterSettings<unknown> => ({
      runtime: socketRunner(settings.runner).pipe(Layer.provide(PgStore.layerUrl(url, { maxConnections: CLUSTER_CONNECTIONS }))),
      runner: { mode: "socket", runner: `${settings.runner.host}:${settings.runner.port}` }
    })
  })
