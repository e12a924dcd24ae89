/**
 * The worker process (`npm run worker`, ADR 0038): a cluster runner that serves no public API. It owns the sessions
 * the cluster places on it (their sockets, drains and inbound changes) and takes its share of the singletons, on the
 * Postgres database the gateways share.
 */
import { Effect, Layer, Option } from "effect"
import { GatewayConfig, type GatewayConfigShape } from "../config/GatewayConfig.ts"
import { databaseVariable, failsAs, StartupFailure } from "../config/StartupFailure.ts"
import { clusterHexagon } from "../Gateway.ts"
import { storeLayer } from "../store.ts"
import { baileysTransport } from "../transport/baileysTransport.ts"
import { runGatewayProcess, runnerOf } from "./GatewayProcess.ts"

/** Why a configuration cannot run a worker, if it cannot. */
const workerRefusal = (config: GatewayConfigShape): StartupFailure | undefined => {
  if (Option.isNone(config.databaseUrl)) {
    return new StartupFailure({
      variable: "WAGATE_DATABASE_URL",
      cause: "unset: a worker is a runner among gateways that share a Postgres server (the embedded database is one process's)"
    })
  }
  if (config.transport !== "baileys") {
    return new StartupFailure({ variable: "WAGATE_TRANSPORT", cause: "must be baileys: a worker runs WhatsApp sessions" })
  }
  return undefined
}

/** The worker's runner for a configuration: the hexagon on the cluster, with no HTTP server. */
export const workerRunner = (config: GatewayConfigShape) =>
  Layer.unwrap(Effect.gen(function*() {
    const refusal = workerRefusal(config)
    if (refusal !== undefined) return yield* refusal
    return clusterHexagon(
      baileysTransport({ url: Option.getOrUndefined(config.whatsapp.url), certRoot: Option.getOrUndefined(config.whatsapp.certRoot) }),
      yield* runnerOf(config),
      {
        // It answers no request: no caller to authenticate.
        auth: { devTokens: new Map() },
        sendRatePerMinute: config.sendRatePerMinute,
        sending: config.sending,
        store: storeLayer(config).pipe(failsAs(databaseVariable(config))),
        webhooks: config.webhooks,
        eventRetention: config.eventRetention
      }
    )
  }))

/** Runs the worker until a signal stops it. */
export const runWorker = (): void =>
  runGatewayProcess(Layer.unwrap(Effect.map(Effect.service(GatewayConfig), workerRunner)))
