import { Context, Effect, Layer } from "effect"

/** Whether the process is draining: from then on every response asks the client to close its connection. */
export interface ShutdownState {
  readonly draining: () => boolean
}

/** Never draining unless `GracefulShutdown.layer` (or a test) provides a real state. */
export const ShutdownState = Context.Reference<ShutdownState>("@wagate/http/ShutdownState", {
  defaultValue: () => ({ draining: () => false })
})

/** Calls `begin` when shutdown starts; returns how to stop listening. */
export type ShutdownTrigger = (begin: () => void) => () => void

/** SIGTERM and SIGINT: the signals `NodeRuntime.runMain` interrupts the program on. */
export const processSignals: ShutdownTrigger = (begin) => {
  process.on("SIGTERM", begin)
  process.on("SIGINT", begin)
  return () => {
    process.off("SIGTERM", begin)
    process.off("SIGINT", begin)
  }
}

const layerWith = (trigger: ShutdownTrigger): Layer.Layer<never> =>
  Layer.effect(
    ShutdownState,
    Effect.acquireRelease(
      Effect.sync(() => {
        let draining = false
        const stop = trigger(() => {
          draining = true
        })
        return { state: { draining: () => draining }, stop }
      }),
      ({ stop }) => Effect.sync(stop)
    ).pipe(Effect.map(({ state }) => state))
  )

/**
 * Drains keep-alive connections quickly on shutdown. When the server's scope closes, Node stops accepting and
 * closes the connections idle at that moment, but a connection whose request is in flight stays open after its
 * response until the client or Node's `keepAliveTimeout` (5 s) closes it, holding the shutdown up by as much.
 * With this layer the process starts draining on SIGTERM/SIGINT — as `NodeRuntime.runMain` begins interrupting —
 * and `Platform.middleware` answers from then on with `Connection: close`.
 *
 * `layer` is only for processes run by `NodeRuntime.runMain`: a signal listener replaces Node's default exit on
 * that signal, which `runMain` handles itself.
 */
export const GracefulShutdown = {
  layer: layerWith(processSignals),
  /** Draining starts when `trigger` calls back: for tests and embedders with their own shutdown signal. */
  layerWith
} as const
