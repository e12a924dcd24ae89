import { SessionWriters, WhatsAppPort, WebhookDispatcher } from "@wagate/core"
import { Layer } from "effect"
import * as Singleton from "effect/cluster/Singleton"
import { ClusterRateLimiter } from "./ClusterRateLimiter.ts"
import { ClusterWhatsApp } from "./ClusterWhatsApp.ts"
import { ClusterSessionWriters } from "./ClusterSessionWriters.ts"
import { LocalRateLimiter, LocalSessionWriters, LocalWhatsApp } from "./LocalTransport.ts"
import { OwnedSessions } from "./OwnedSessions.ts"
import { QueuedWakeups } from "./QueuedWakeups.ts"
import { SessionKeeper } from "./SessionKeeper.ts"
import { SessionOwnerLive } from "./SessionOwner.ts"

/**
 * What a runner keeps of its own: its WhatsApp transport (the sockets of the sessions it owns), their rate limiter
 * and their writers, and the count of what it owns.
 */
export const runnerLocals = <E, R>(transport: Layer.Layer<WhatsAppPort, E, R>, rate: { readonly perMinute: number }) =>
  Layer.mergeAll(LocalWhatsApp.layerFrom(transport), LocalRateLimiter.layer(rate), LocalSessionWriters.layer, OwnedSessions.layer)

/**
 * The hexagon's ports in a cluster: live actions, rate checks and the sessions' writers are each session's owner's.
 * Merge it after `CoreServices`, whose process-local `SessionWriters` it replaces.
 */
export const clusterPorts = Layer.mergeAll(ClusterWhatsApp, ClusterRateLimiter, ClusterSessionWriters)

/** What the inbound sync uses in a cluster: this process's sockets, and the writers of the sessions it owns. */
export const ownerServices = Layer.mergeAll(
  Layer.effect(WhatsAppPort, LocalWhatsApp),
  Layer.effect(SessionWriters, LocalSessionWriters)
)

/**
 * What every runner runs (ADR 0038): the session entity (socket, drain, rate, live actions), the wake-ups of
 * queued messages, and two singletons placed by the cluster: the session keeper and the webhook dispatcher.
 */
export const clusterWorkers = Layer.mergeAll(
  SessionOwnerLive,
  SessionKeeper,
  QueuedWakeups,
  Singleton.make("wagate/webhooks", WebhookDispatcher.run)
)

