import { CoreServices, InboundSync, SendRateLimiter, type StorePorts, type WhatsAppPort } from "@wagate/core"
import { MemoryStore, Simulator } from "@wagate/memory"
import { Layer } from "effect"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SimulatorApi } from "./api/SimulatorApi.ts"
import { WagateApi } from "./api/WagateApi.ts"
import { AuthenticationLive } from "./auth/AuthenticationLive.ts"
import { type AuthOptions, gatewayAuth } from "./auth/GatewayAuth.ts"
import { ApiKeysHandlers } from "./handlers/ApiKeysHandlers.ts"
import { CommunitiesHandlers } from "./handlers/CommunitiesHandlers.ts"
import { GroupsHandlers } from "./handlers/GroupsHandlers.ts"
import { MembersHandlers } from "./handlers/MembersHandlers.ts"
import { MessagesHandlers } from "./handlers/MessagesHandlers.ts"
import { SessionsHandlers } from "./handlers/SessionsHandlers.ts"
import { SimulatorHandlers } from "./handlers/SimulatorHandlers.ts"
import { ApiFailuresLive } from "./platform/ApiFailuresLive.ts"
import { type KnownRoute, routesOf } from "./platform/KnownRoutes.ts"
import { Platform } from "./platform/Platform.ts"
import { UnlinkedWhatsApp } from "./transport/UnlinkedWhatsApp.ts"

/** What the gateway is composed from; read from the environment by `GatewayConfig` in `runGateway.ts`. */
export interface GatewayOptions<StoreError = never> {
  readonly transport: "baileys" | "simulator"
  readonly sendRatePerMinute: number
  /** Who may call: api keys, JWTs when configured, and development tokens. */
  readonly auth: AuthOptions
  /** The store; in memory when omitted (tests, and library users trying wagate out). */
  readonly store?: Layer.Layer<StorePorts, StoreError> | undefined
}

/** The hexagon over the given WhatsApp transport and store, with the inbound sync that keeps the store true. */
export const hexagon = <T, E, StoreError>(transport: Layer.Layer<T | WhatsAppPort, E>, options: GatewayOptions<StoreError>) =>
  Layer.mergeAll(InboundSync, gatewayAuth(options.auth)).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        options.store ?? MemoryStore.layer,
        transport,
        CoreServices.layer,
        SendRateLimiter.make({ perMinute: options.sendRatePerMinute })
      )
    )
  )

const v1 = HttpApiBuilder.layer(WagateApi, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([SessionsHandlers, ApiKeysHandlers, GroupsHandlers, MembersHandlers, CommunitiesHandlers, MessagesHandlers])
)

const docs = HttpApiScalar.layer(WagateApi, { path: "/docs" })

const simulatorControls = HttpApiBuilder.layer(SimulatorApi).pipe(Layer.provide(SimulatorHandlers))

const documentRoutes: ReadonlyArray<KnownRoute> = [
  { method: "GET", path: "/openapi.json" },
  { method: "GET", path: "/docs" }
]

/**
 * Every route of the gateway with the platform around it: `/api/v1`, `/openapi.json`, `/docs`, `/healthz`,
 * `/readyz`, `/metrics` and, with the simulator, its controls. The hexagon is built once and shared by the API,
 * the platform middleware and the operations routes.
 */
export const gatewayRoutes = <StoreError = never>(options: GatewayOptions<StoreError>) => {
  if (options.transport === "simulator") {
    const routes = [...routesOf(WagateApi), ...routesOf(SimulatorApi), ...documentRoutes]
    return Layer.mergeAll(v1, docs, simulatorControls, Platform.layer({ routes })).pipe(
      Layer.provide([AuthenticationLive, ApiFailuresLive]),
      Layer.provide(hexagon(Simulator.layer, options))
    )
  }
  const routes = [...routesOf(WagateApi), ...documentRoutes]
  return Layer.mergeAll(v1, docs, Platform.layer({ routes })).pipe(
    Layer.provide([AuthenticationLive, ApiFailuresLive]),
    Layer.provide(hexagon(UnlinkedWhatsApp, options))
  )
}
