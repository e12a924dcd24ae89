import { Effect, Layer, Logger, type LogLevel, References } from "effect"
import { GatewayConfig } from "../config/GatewayConfig.ts"

const layer = (level: LogLevel.LogLevel): Layer.Layer<never> =>
  Layer.mergeAll(Logger.layer([Logger.consoleJson]), Layer.succeed(References.MinimumLogLevel, level))

/**
 * Structured logs: one JSON object per line on stdout (`message`, `level`, `timestamp`, `annotations` — which
 * carry `requestId` inside a request — `spans`, `fiberId`, and `cause` for failures), at or above the level.
 */
export const Logging = {
  layer,
  /** The level from `WAGATE_LOG_LEVEL`. */
  layerConfig: Layer.unwrap(Effect.gen(function*() {
    const config = yield* GatewayConfig
    return layer(config.logLevel)
  }))
} as const
