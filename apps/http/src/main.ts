/**
 * The gateway process: configuration from the environment, the HTTP server, JSON logs, graceful shutdown.
 * `npm start` runs this file.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Option, Redacted, Runtime } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { GatewayConfig } from "./config/GatewayConfig.ts"
import { gatewayRoutes } from "./Gateway.ts"
import { GracefulShutdown } from "./platform/GracefulShutdown.ts"
import { Logging } from "./platform/Logging.ts"
import { NodeServer } from "./platform/NodeServer.ts"
import { sandboxTokens } from "./sandbox.ts"
import { storeLayer } from "./store.ts"

/**
 * Logs the address as soon as the port is bound: from here until the app is built (and `Listening on …` is
 * logged) requests are answered 503 (see `NotServing`).
 */
const Listening = Layer.effectDiscard(
  HttpServer.addressFormattedWith((address) =>
    Effect.logInfo(`Starting on ${address}: requests are answered 503 until the store is ready`)
  )
)

const Server = Layer.unwrap(
  Effect.gen(function*() {
    const config = yield* GatewayConfig
    const tokens = yield* sandboxTokens(config.transport, Redacted.value(config.devTokens))
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
      auth: { devTokens: tokens, jwt: Option.getOrUndefined(jwt) },
      store: storeLayer(config)
    })
    return HttpRouter.serve(routes, { disableLogger: true }).pipe(
      Layer.provide(Listening.pipe(Layer.provideMerge(NodeServer.layer({ port: config.port }))))
    )
  })
)

/** A shutdown asked for by a signal and carried out (the program was only interrupted) is a success: exit 0. */
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

Server.pipe(
  Layer.provide([Logging.layerConfig, GracefulShutdown.layer]),
  Layer.provide(GatewayConfig.layer),
  Layer.launch,
  NodeRuntime.runMain({ teardown })
)
