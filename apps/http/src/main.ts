/**
 * The gateway process: configuration from the environment, the HTTP server, JSON logs, graceful shutdown.
 * `npm start` runs this file.
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { HttpRouter } from "effect/http"
import { createServer } from "node:http"
import { GatewayConfig } from "./config/GatewayConfig.ts"
import { gatewayRoutes } from "./Gateway.ts"
import { GracefulShutdown } from "./platform/GracefulShutdown.ts"
import { Logging } from "./platform/Logging.ts"
import { sandboxTokens } from "./sandbox.ts"

const Server = Layer.unwrap(
  Effect.gen(function*() {
    const config = yield* GatewayConfig
    const tokens = yield* sandboxTokens(config.transport, Redacted.value(config.devTokens))
    const routes = gatewayRoutes({ transport: config.transport, sendRatePerMinute: config.sendRatePerMinute, tokens })
    return HttpRouter.serve(routes, { disableLogger: true }).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { port: config.port, gracefulShutdownTimeout: "20 seconds" }))
    )
  })
)

Server.pipe(
  Layer.provide([Logging.layerConfig, GracefulShutdown.layer]),
  Layer.provide(GatewayConfig.layer),
  Layer.launch,
  NodeRuntime.runMain
)
