import { Context, Effect, Layer } from "effect"
import { startWaSim, type WaSim, type WaSimOptions } from "./startWaSim.ts"

/** A running simulator as a service: its URLs, root key and control API. */
export class WaSimService extends Context.Service<WaSimService, WaSim>()("@wagate/wa-sim/WaSimService") {
  /** Starts the simulator for the layer's lifetime and closes it when the scope ends. */
  static readonly layer = (options: WaSimOptions = {}): Layer.Layer<WaSimService> =>
    Layer.effect(
      WaSimService,
      Effect.acquireRelease(
        Effect.promise(() => startWaSim(options)),
        (sim) => Effect.promise(() => sim.close())
      )
    )
}
