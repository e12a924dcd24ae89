/**
 * The gateway process of `npm start`: the HTTP server over the configured store and transport (see
 * `process/GatewayProcess.ts`). `main.ts` loads this file and calls `runGateway` (docs/operations.md: start-up,
 * signals, exit codes).
 */
import { Effect, Layer } from "effect"
import { GatewayConfig } from "./config/GatewayConfig.ts"
import { gatewayServer, runGatewayProcess } from "./process/GatewayProcess.ts"

/** Runs the gateway until a signal stops it; `NodeRuntime.runMain` handles SIGTERM and SIGINT from this call on. */
export const runGateway = (): void =>
  runGatewayProcess(Layer.unwrap(Effect.map(Effect.service(GatewayConfig), (config) => gatewayServer(config))))
