import {
  CoreServices,
  EventFeed,
  InboundSync,
  Retention,
  SendDrains,
  SendRateLimiter,
  SendSettings,
  type SendSettingsShape,
  type StorePorts,
  TransportOwnership,
  WebhookDispatcher,
  WebhookSettings,
  type WebhookSettingsShape,
  type WhatsAppPort
} from "@wagate/core"
import { clusterPorts, ClusterStatusLive, clusterWorkers, ownerServices, runnerLocals } from "@wagate/cluster"
import { MemoryStore, Simulator } from "@wagate/memory"
import * as NodeCrypto from "@effect/platform-node/NodeCrypto"
import { Duration, Effect, Layer } from "effect"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SimulatorApi } from "./api/SimulatorApi.ts"
import { WagateApi } from "./api/WagateApi.ts"
import { AuthenticationLive } from "./auth/AuthenticationLive.ts"
import { type AuthOptions, gatewayAuth } from "./auth/GatewayAuth.ts"
import { ApiKeysHandlers } from "./handlers/ApiKeysHandlers.ts"
import { ChatsHandlers } from "./handlers/ChatsHandlers.ts"
import { CommunitiesHandlers } from "./handlers/CommunitiesHandlers.ts"
import { EventsHandlers } from "./handlers/EventsHandlers.ts"
import { EventStreamSettings, type EventStreamSettingsShape } from "./handlers/EventStreamSettings.ts"
import { GroupsHandlers } from "./handlers/GroupsHandlers.ts"
import { MembersHandlers } from "./handlers/MembersHandlers.ts"
import { MessagesHandlers } from "./handlers/MessagesHandlers.ts"
import { SessionsHandlers } from "./handlers/SessionsHandlers.ts"
import { SimulatorHandlers } from "./handlers/SimulatorHandlers.ts"
import { WebhooksHandlers } from "./handlers/WebhooksHandlers.ts"
import { ApiFailuresLive } from "./platform/ApiFailuresLive.ts"
import { type KnownRoute, routesOf } from "./platform/KnownRoutes.ts"
import { onFirstRequest } from "./platform/OnFirstRequest.ts"
import { Platform } from "./platform/Platform.ts"
import { inProcessControls } from "./simulator/inProcessControls.ts"
import { waSimControls } from "./simulator/waSimControls.ts"
import { type ClusterSettings, singleRunnerSettings } from "./cluster.ts"
import type { WhatsAppEndpointSettings } from "./transport/baileysTransport.ts"
import { HostResolverNode } from "./webhooks/HostResolverNode.ts"
import { WebhookTransportFetch } from "./webhooks/WebhookTransportFetch.ts"

/**
 * The `baileys` transport, its module loaded when the layer is built: Baileys' module graph (libsignal, 4 MB of
 * generated protobuf code) is ~30 MB resident that a gateway on a simulated world never uses (ADR 0034).
 */
const baileysTransport = (endpoint: WhatsAppEndpointSettings) =>
  Layer.unwrap(Effect.map(Effect.promise(() => import("./transport/baileysTransport.ts")), (module) => module.baileysTransport(endpoint)))

/** What the gateway is composed from; read from the environment by `GatewayConfig` in `runGateway.ts`. */
export interface GatewayOptions<StoreError = never, OwnershipError = never, ClusterError = never> {
  readonly transport: "baileys" | "simulator"
  readonly sendRatePerMinute: number
  /** Who may call: api keys, JWTs when configured, and development tokens. */
  readonly auth: AuthOptions
  /** The store; in memory when omitted (tests, and library users trying wagate out). */
  readonly store?: Layer.Layer<StorePorts, StoreError> | undefined
  /** `baileys`: where it connects and the root it trusts; WhatsApp's own when omitted. */
  readonly whatsapp?: WhatsAppEndpointSettings | undefined
  /**
   * `baileys`: who owns the WhatsApp connections of the store's sessions (`TransportOwnershipPg` on a Postgres
   * server); this process when omitted (memory, or the embedded database with its directory lock).
   */
  readonly ownership?: Layer.Layer<TransportOwnership, OwnershipError> | undefined
  /** `baileys`: the cluster this process is a runner of; one single runner when omitted. */
  readonly cluster?: ClusterSettings<ClusterError> | undefined
  /**
   * `baileys` in the sandbox: the protocol simulator's control API (`http://host:port/control`); the `_simulator`
   * routes are mounted and drive it.
   */
  readonly simulatorControlUrl?: string | undefined
  /** Webhook checks and delivery (`WAGATE_WEBHOOK_*`); the contract's defaults for what is omitted. */
  readonly webhooks?: Partial<WebhookSettingsShape> | undefined
  /** `WAGATE_EVENT_RETENTION_DAYS`: how long events and webhook delivery logs are kept (7 days when omitted). */
  readonly eventRetention?: Duration.Duration | undefined
  /** Sending (`WAGATE_SEND_TIMEOUT_SECONDS`, `WAGATE_SEND_MAX_AGE_SECONDS`); the contract's defaults for what is omitted. */
  readonly sending?: Partial<SendSettingsShape> | undefined
  /** `GET /events`: heartbeat interval and per-client buffer; 15 s and 1,000 events when omitted. */
  readonly events?: EventStreamSettingsShape | undefined
}

/**
 * The background work on the store: the sessions' outbox drains and webhook deliveries (both by the process that
 * owns the transport), and the hourly pruning of old events and delivery logs.
 */
const storeWorkers = <OwnershipError>(options: Pick<GatewayOptions<never, OwnershipError>, "ownership" | "eventRetention">) =>
  Layer.mergeAll(
    Layer.mergeAll(SendDrains.layer, WebhookDispatcher.layer).pipe(Layer.provide(options.ownership ?? TransportOwnership.layerSole)),
    Retention.layer({ retention: options.eventRetention ?? Duration.days(7) })
  )

/**
 * The hexagon over the given WhatsApp transport and store, with the inbound sync that keeps the store true. The
 * transport may use the store (credentials, stored groups).
 */
const sharedServices = (options: Pick<GatewayOptions, "webhooks" | "sending">) =>
  Layer.mergeAll(
    // Node's synchronous SHA-256 for request fingerprints and api-key hashes (Web Crypto's was ~7 % of an accept).
    CoreServices.layerWith(NodeCrypto.layerDigest),
    HostResolverNode,
    WebhookTransportFetch(),
    Layer.succeed(WebhookSettings, { ...WebhookSettings.defaultValue(), ...options.webhooks }),
    Layer.succeed(SendSettings, { ...SendSettings.defaultValue(), ...options.sending })
  )

export const hexagon = <T, E, R, StoreError, OwnershipError = never>(
  transport: Layer.Layer<T | WhatsAppPort, E, R>,
  options: Pick<
    GatewayOptions<StoreError, OwnershipError>,
    "auth" | "sendRatePerMinute" | "store" | "ownership" | "webhooks" | "eventRetention" | "sending"
  >
) =>
  Layer.mergeAll(InboundSync, gatewayAuth(options.auth), storeWorkers(options), EventFeed.layer).pipe(
    Layer.provideMerge(
      Layer.mergeAll(transport, SendRateLimiter.make({ perMinute: options.sendRatePerMinute }), sharedServices(options))
    ),
    Layer.provideMerge(options.store ?? MemoryStore.layer)
  )

/**
 * The hexagon with its sessions on the cluster (ADR 0038): the use-cases reach each session's owner through the
 * cluster's ports; this process's own sockets (`transport`) are the entities' it owns, and what they push is
 * applied here by the inbound sync. The drains, the keeper and the webhook dispatcher run where the cluster
 * places them.
 */
export const clusterHexagon = <E, R, StoreError, ClusterError>(
  transport: Layer.Layer<WhatsAppPort, E, R>,
  cluster: ClusterSettings<ClusterError>,
  options: Pick<GatewayOptions<StoreError>, "auth" | "sendRatePerMinute" | "store" | "webhooks" | "eventRetention" | "sending">
) =>
  Layer.mergeAll(
    // The inbound sync reads this process's sockets (the changes they push, and at shutdown the state they are in)
    // and applies each change under the session's one writer, held here by the owner.
    InboundSync.pipe(Layer.provide(ownerServices)),
    gatewayAuth(options.auth),
    Retention.layer({ retention: options.eventRetention ?? Duration.days(7) }),
    EventFeed.layer,
    clusterWorkers,
    ClusterStatusLive(cluster.runner),
    Layer.effectDiscard(Effect.logInfo(`cluster runner ${cluster.runner.runner} started (${cluster.runner.mode})`))
  ).pipe(
    // The cluster's ports after the shared services: its `SessionWriters` replaces the process-local one.
    Layer.provideMerge(Layer.mergeAll(sharedServices(options), clusterPorts)),
    Layer.provideMerge(runnerLocals(transport, { perMinute: options.sendRatePerMinute })),
    Layer.provideMerge(cluster.runtime),
    Layer.provideMerge(options.store ?? MemoryStore.layer)
  )

const v1 = HttpApiBuilder.layer(WagateApi, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([SessionsHandlers, ApiKeysHandlers, GroupsHandlers, MembersHandlers, CommunitiesHandlers, MessagesHandlers, ChatsHandlers, WebhooksHandlers, EventsHandlers])
)

const docs = onFirstRequest("/docs", HttpApiScalar.layer(WagateApi, { path: "/docs" }))

const simulatorRoutes = HttpApiBuilder.layer(SimulatorApi).pipe(Layer.provide(SimulatorHandlers))

const documentRoutes: ReadonlyArray<KnownRoute> = [
  { method: "GET", path: "/openapi.json" },
  { method: "GET", path: "/docs" }
]

/**
 * Every route of the gateway with the platform around it: `/api/v1`, `/openapi.json`, `/docs`, `/healthz`,
 * `/readyz`, `/metrics` and, in a simulated world (the in-process one, or the sandbox's protocol simulator), the
 * `_simulator` controls. The hexagon is built once and shared by the API, the platform middleware and the
 * operations routes.
 */
export const gatewayRoutes = <StoreError = never, OwnershipError = never, ClusterError = never>(
  options: GatewayOptions<StoreError, OwnershipError, ClusterError>
) => {
  const events = options.events
  const settings = events === undefined ? Layer.empty : Layer.succeed(EventStreamSettings)(events)
  if (options.transport === "simulator") {
    const routes = [...routesOf(WagateApi), ...routesOf(SimulatorApi), ...documentRoutes]
    return Layer.mergeAll(v1, docs, simulatorRoutes, Platform.layer({ routes })).pipe(
      Layer.provide([AuthenticationLive, ApiFailuresLive, settings]),
      Layer.provide(inProcessControls.pipe(Layer.provideMerge(hexagon(Simulator.layer, options))))
    )
  }
  const sessions = clusterHexagon(baileysTransport(options.whatsapp ?? {}), options.cluster ?? singleRunnerSettings, options)
  const controlUrl = options.simulatorControlUrl
  if (controlUrl !== undefined) {
    const routes = [...routesOf(WagateApi), ...routesOf(SimulatorApi), ...documentRoutes]
    return Layer.mergeAll(v1, docs, simulatorRoutes, Platform.layer({ routes })).pipe(
      Layer.provide([AuthenticationLive, ApiFailuresLive, settings]),
      Layer.provide(waSimControls(controlUrl).pipe(Layer.provideMerge(sessions)))
    )
  }
  const routes = [...routesOf(WagateApi), ...documentRoutes]
  return Layer.mergeAll(v1, docs, Platform.layer({ routes })).pipe(
    Layer.provide([AuthenticationLive, ApiFailuresLive, settings]),
    Layer.provide(sessions)
  )
}
