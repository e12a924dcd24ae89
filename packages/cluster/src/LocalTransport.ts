import { SendRateLimiter, SessionWriters, WhatsAppPort } from "@wagate/core"
import { Context, Layer } from "effect"

/**
 * This process's own WhatsApp transport (its sockets), as the session entities use it. The hexagon's
 * `WhatsAppPort` is the cluster's (`ClusterWhatsApp`): it reaches each session's owner, wherever it runs.
 */
export class LocalWhatsApp extends Context.Service<LocalWhatsApp, WhatsAppPort["Service"]>()("@wagate/cluster/LocalWhatsApp") {
  /** The given transport layer's port as this process's own. */
  static readonly layerFrom = <E, R>(transport: Layer.Layer<WhatsAppPort, E, R>): Layer.Layer<LocalWhatsApp, E, R> =>
    Layer.effect(LocalWhatsApp, WhatsAppPort).pipe(Layer.provide(transport))
}

/** The rate limiter of the sessions this process owns (exact: one owner drains a session). */
export class LocalRateLimiter extends Context.Service<LocalRateLimiter, SendRateLimiter["Service"]>()("@wagate/cluster/LocalRateLimiter") {
  static readonly layer = (rate: { readonly perMinute: number }): Layer.Layer<LocalRateLimiter> =>
    Layer.effect(LocalRateLimiter, SendRateLimiter).pipe(Layer.provide(SendRateLimiter.make(rate)))
}

/**
 * The writers of the sessions this process owns: the inbound sync applies their changes under them, and a writer
 * elsewhere holds one through its session's entity (`Hold`), so a session has one writer across the cluster.
 */
export class LocalSessionWriters extends Context.Service<LocalSessionWriters, SessionWriters["Service"]>()(
  "@wagate/cluster/LocalSessionWriters"
) {
  // Fresh: the owner's writers are their own, never the process-local ones a hexagon's core services bring.
  static readonly layer: Layer.Layer<LocalSessionWriters> = Layer.effect(LocalSessionWriters, SessionWriters).pipe(
    Layer.provide(Layer.fresh(SessionWriters.layer))
  )
}
