import { GatewayConfig } from "@wagate/http/config"
import { databaseVariable, failsAs } from "@wagate/http/startup"
import { databaseLayer } from "@wagate/http/store"
import { Effect, Layer } from "effect"

/**
 * The database the environment names, exactly as the gateway would open it (same variables, same lock); its
 * failures name the variable that chose it, as the gateway's do.
 */
export const Database = {
  layer: Layer.unwrap(
    Effect.gen(function*() {
      const config = yield* GatewayConfig
      return databaseLayer(config).pipe(failsAs(databaseVariable(config)))
    })
  ).pipe(Layer.provide(GatewayConfig.layer))
}
