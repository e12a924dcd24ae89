/**
 * The gateway as a process: the HTTP server over the configured store and transport, JSON logs, graceful
 * shutdown, one line per start-up problem, exit 0 on a signal. `main.ts` (`npm start`) and `sandbox/main.ts`
 * (`npm run sandbox`) run it (docs/operations.md: start-up, signals, exit codes).
 */
// By module: the package index also loads modules the gateway does not use (redis among them).
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit, Layer, Option, Redacted, Runtime } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { GatewayConfig, type GatewayConfigShape } from "../config/GatewayConfig.ts"
import { databaseVariable, failsAs, StartupFailure, startupProblems } from "../config/StartupFailure.ts"
import { gatewayRoutes } from "../Gateway.ts"
import { GracefulShutdown } from "../platform/GracefulShutdown.ts"
import { Logging } from "../platform/Logging.ts"
import { NodeServer } from "../platform/NodeServer.ts"
import { sandboxTokens } from "../sandbox.ts"
import { clusterSettings, runnerEndpoint } from "../cluster.ts"
import { ownershipLayer, storeLayer } from "../store.ts"

/**
 * Logs the address as soon as the port is bound: from here until the app is built (and `Listening on …` is
 * logged) requests are answered 503 (see `NotServing`).
 */
const Starting = Layer.effectDiscard(
  HttpServer.addressFormattedWith((address) =>
    Effect.logInfo(`Starting on ${address}: requests are answered 503 until the store is ready`)
  )
)

/** This process's cluster runner (ADR 0038), a failure to start it told as the runner's address's. */
export const runnerOf = (config: GatewayConfigShape) =>
  runnerEndpoint(config).pipe(
    Effect.map((runner) => {
      const settings = clusterSettings({ ...config, runner })
      return { ...settings, runtime: settings.runtime.pipe(failsAs("WAGATE_RUNNER_PORT")) }
    }),
    Effect.mapError((cause) => new StartupFailure({ variable: "WAGATE_RUNNER_PORT", cause }))
  )

/** What the sandbox adds to a configuration: the simulator whose control API the `_simulator` routes drive. */
export interface SandboxSettings {
  readonly simulatorControlUrl: string
}

/** The gateway's HTTP server for a configuration (and, in the sandbox, the simulator it is pointed at). */
export const gatewayServer = (config: GatewayConfigShape, sandbox?: SandboxSettings) =>
  Layer.unwrap(
    Effect.gen(function*() {
      const simulated = config.transport === "simulator" || sandbox !== undefined
      const tokens = yield* sandboxTokens(simulated, Redacted.value(config.devTokens))
      const jwt = Option.map(config.jwt.jwksUrl, (jwksUrl) => ({
        jwksUrl,
        issuer: Option.getOrUndefined(config.jwt.issuer),
        audience: Option.getOrUndefined(config.jwt.audience),
        orgClaim: config.jwt.orgClaim,
        clockToleranceSeconds: config.jwt.clockToleranceSeconds
      }))
      const routes = gatewayRoutes({
        transport: config.transport,
        sendRatePerMinute: config.sendRatePerMinute,
        sending: config.sending,
        auth: { devTokens: tokens, jwt: Option.getOrUndefined(jwt) },
        store: storeLayer(config).pipe(failsAs(databaseVariable(config))),
        ownership: ownershipLayer(config).pipe(failsAs(databaseVariable(config))),
        cluster: yield* runnerOf(config),
        whatsapp: {
          url: Option.getOrUndefined(config.whatsapp.url),
          certRoot: Option.getOrUndefined(config.whatsapp.certRoot)
        },
        simulatorControlUrl: sandbox?.simulatorControlUrl,
        webhooks: config.webhooks,
        eventRetention: config.eventRetention
      })
      const listening = NodeServer.layer({ port: config.port }).pipe(failsAs("PORT"))
      return HttpRouter.serve(routes, { disableLogger: true }).pipe(
        Layer.provide(Starting.pipe(Layer.provideMerge(listening)))
      )
    })
  )

/**
 * Why the process stopped, when it failed: one line per problem on stderr (`wagate: PORT must be …`), and with
 * `WAGATE_LOG_LEVEL=debug` (or `trace`) the whole cause with its stack. An interruption (a signal) is no failure.
 */
const reportFailure = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  Effect.tapCause(program, (cause) =>
    Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.gen(function*() {
      for (const problem of startupProblems(cause)) yield* Console.error(`wagate: ${problem}`)
      const level = yield* GatewayConfig.logLevel
      if (level === "Debug" || level === "Trace" || level === "All") yield* Console.error(Cause.pretty(cause))
    }))

/** A shutdown asked for by a signal and carried out (the program was only interrupted) is a success: exit 0. */
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

/** Runs `server` as the process until a signal: configuration from the environment, logs, graceful shutdown. */
export const runGatewayProcess = <A, E>(server: Layer.Layer<A, E, GatewayConfig>): void =>
  server.pipe(
    Layer.provide([Logging.layerConfig, GracefulShutdown.layer]),
    Layer.provide(GatewayConfig.layer),
    Layer.launch,
    reportFailure,
    NodeRuntime.runMain({ teardown, disableErrorReporting: true })
  )
