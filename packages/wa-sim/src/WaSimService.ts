import { Context, Data, Effect, Layer } from "effect"
import { startWaSim, type WaSim, type WaSimOptions } from "./startWaSim.ts"

/** The simulator could not start (most often: the port is taken). */
export class WaSimStartFailed extends Data.TaggedError("WaSimStartFailed")<{ readonly message: string }> {}

/** A running simulator as a service: its URLs, root key and control API. */
export class WaSimService extends Context.Service<WaSimService, WaSim>()("@wagate/wa-sim/WaSimService") {
  /** Starts the simulator for the layer's lifetime and closes it when the scope ends. */
  static readonly layer = (options: WaSimOptions = {}): Layer.Layer<WaSimService, WaSimStartFailed> =>
    Layer.effect(
      WaSimService,
      Effect.acquireRelease(
        Effect.tryPromise({
          try: () => startWaSim(options),
          catch: (cause) =>
            new WaSimStartFailed({
              message: `cannot listen on ${options.host ?? "127.0.0.1"}:${options.port ?? 0}: ${
                cause instanceof Error ? cause.message : String(cause)
              }`
            })
        }),
        (sim) => Effect.promise(() => sim.close())
      )
    )
}
