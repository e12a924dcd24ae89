import { GatewayConfig } from "@wagate/http/config"
import { databaseLayer } from "@wagate/http/store"
import { Effect, Layer } from "effect"

/** The database the environment names, exactly as the gateway would open it (same variables, same lock). */
export const Database = {
  layer: Layer.unwrap(
    Effect.gen(function*() {
      return databaseLayer(yield* GatewayConfig)
    })
  ).pipe(Layer.provide(GatewayConfig.layer))
}
