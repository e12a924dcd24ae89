/**
 * The gateway process: configuration from the environment, the HTTP server, JSON logs, graceful shutdown.
 * `npm start` runs this file.
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Option, Redacted, Runtime } from "effect"
import { HttpRouter } from "effect/http"
import { createServer } from "node:http"
import { GatewayConfig } from "./config/GatewayConfig.ts"
import { gatewayRoutes } from "./Gateway.ts"
import { GracefulShutdown } from "./platform/GracefulShutdown.ts"
import { Logging } from "./platform/Logging.ts"
import { sandboxTokens } from "./sandbox.ts"
import { storeLayer } from "./store.ts"

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
      Layer.provide(NodeHttpServer.layer(createServer, { port: config.port, gracefulShutdownTimeout: "20 seconds" }))
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
