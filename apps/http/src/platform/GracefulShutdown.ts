import { Context, Deferred, Effect, Layer } from "effect"

/** Whether the process is draining: from then on every response asks the client to close its connection. */
export interface ShutdownState {
  readonly draining: () => boolean
  /**
   * Completes when draining begins: responses that never end by themselves (event streams) end then, so they do
   * not hold the shutdown up until `gracefulShutdownTimeout`.
   */
  readonly drainingStarted: Effect.Effect<void>
}

/** Never draining unless `GracefulShutdown.layer` (or a test) provides a real state. */
export const ShutdownState = Context.Reference<ShutdownState>("@wagate/http/ShutdownState", {
  defaultValue: () => ({ draining: () => false, drainingStarted: Effect.never })
})

/** Calls `begin` when shutdown starts; returns how to stop listening. */
export type ShutdownTrigger = (begin: () => void) => () => void

/**
 * How long the process may take to stop once a signal asked it to: the 20 s allowed to requests in flight, and
 * time to close the store. Past it, something is stuck, and a process that ignores its signal is worse than one
 * that exits uncleanly.
 */
export const forcedExitAfterMs = 30_000

/**
 * SIGTERM and SIGINT, the signals `NodeRuntime.runMain` interrupts the program on: `begin` runs on the first,
 * and from then on a watchdog (which never keeps the process alive by itself) ends the process with exit code 1
 * if it is still running after `afterMs`.
 */
export const processSignalsWithin = (afterMs: number): ShutdownTrigger => (begin) => {
  let armed = false
  const onSignal = () => {
    begin()
    if (armed) return
    armed = true
    setTimeout(() => {
      const within = afterMs >= 1000 ? `${Math.round(afterMs / 1000)} s` : `${afterMs} ms`
      process.stderr.write(`wagate: shutdown did not finish within ${within}; exiting\n`)
      process.exit(1)
    }, afterMs).unref()
  }
  process.on("SIGTERM", onSignal)
  process.on("SIGINT", onSignal)
  return () => {
    process.off("SIGTERM", onSignal)
    process.off("SIGINT", onSignal)
  }
}

/** `processSignalsWithin(forcedExitAfterMs)`. */
export const processSignals: ShutdownTrigger = processSignalsWithin(forcedExitAfterMs)

const layerWith = (trigger: ShutdownTrigger): Layer.Layer<never> =>
  Layer.effect(
    ShutdownState,
    Effect.acquireRelease(
      Effect.sync(() => {
        let draining = false
        const started = Deferred.makeUnsafe<void>()
        const stop = trigger(() => {
          draining = true
          Deferred.doneUnsafe(started, Effect.void)
        })
        return { state: { draining: () => draining, drainingStarted: Deferred.await(started) }, stop }
      }),
      ({ stop }) => Effect.sync(stop)
    ).pipe(Effect.map(({ state }) => state))
  )

/**
 * Drains keep-alive connections quickly on shutdown. When the server's scope closes, Node stops accepting and
 * closes the connections idle at that moment, but a connection whose request is in flight stays open after its
 * response until the client or Node's `keepAliveTimeout` (5 s) closes it, holding the shutdown up by as much.
 * With this layer the process starts draining on SIGTERM/SIGINT — as `NodeRuntime.runMain` begins interrupting —
 * and `Platform.middleware` answers from then on with `Connection: close`. If stopping takes longer than
 * `forcedExitAfterMs`, the process exits with code 1 anyway (see `processSignalsWithin`).
 *
 * `layer` is only for processes run by `NodeRuntime.runMain`: a signal listener replaces Node's default exit on
 * that signal, which `runMain` handles itself.
 */
export const GracefulShutdown = {
  layer: layerWith(processSignals),
  /** Draining starts when `trigger` calls back: for tests and embedders with their own shutdown signal. */
  layerWith
} as const
