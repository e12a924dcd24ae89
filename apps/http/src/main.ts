/**
 * The gateway process: configuration from the environment, the HTTP server, JSON logs, graceful shutdown.
 * `npm start` runs this file (docs/operations.md: start-up, signals, exit codes).
 */
import { Effect, Layer } from "effect"
import { GatewayConfig } from "./config/GatewayConfig.ts"
import { gatewayServer, runGatewayProcess } from "./process/GatewayProcess.ts"

runGatewayProcess(Layer.unwrap(Effect.map(Effect.service(GatewayConfig), (config) => gatewayServer(config))))
