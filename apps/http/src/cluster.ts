import { type ClusterRuntimeServices, type RunnerState, singleRunner, socketRunner } from "@wagate/cluster"
import { PgStore } from "@wagate/store-pg"
import { Effect, Layer, Option } from "effect"
import * as Net from "node:net"
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

/** A TCP port free on `host` a moment ago (bound to 0, read, released): `WAGATE_RUNNER_PORT=0`. */
const freePort = (host: string) =>
  Effect.callback<number, Error>((resume) => {
    const server = Net.createServer()
    server.once("error", (error) => resume(Effect.fail(error)))
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resume(Effect.succeed(port)))
    })
  })

/** The runner's address, with a free port chosen when `WAGATE_RUNNER_PORT` is 0 (tests, trials on one machine). */
export const runnerEndpoint = (settings: RunnerSettings) =>
  settings.runner.port === 0
    ? Effect.map(freePort(settings.runner.host), (port) => ({ host: settings.runner.host, port }))
    : Effect.succeed(settings.runner)

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
