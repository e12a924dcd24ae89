import { IdGenerator, InboundSync, SendRateLimiter, type WhatsAppPort } from "@wagate/core"
import { MemoryStore, Simulator, StaticAuth, type StaticTokens } from "@wagate/memory"
import { Layer } from "effect"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SimulatorApi } from "./api/SimulatorApi.ts"
import { WagateApi } from "./api/WagateApi.ts"
import { AuthenticationLive } from "./auth/AuthenticationLive.ts"
import { ApiKeysHandlers } from "./handlers/ApiKeysHandlers.ts"
import { CommunitiesHandlers } from "./handlers/CommunitiesHandlers.ts"
import { GroupsHandlers } from "./handlers/GroupsHandlers.ts"
import { MembersHandlers } from "./handlers/MembersHandlers.ts"
import { MessagesHandlers } from "./handlers/MessagesHandlers.ts"
import { SessionsHandlers } from "./handlers/SessionsHandlers.ts"
import { SimulatorHandlers } from "./handlers/SimulatorHandlers.ts"
import { UnlinkedWhatsApp } from "./transport/UnlinkedWhatsApp.ts"

/** What the gateway is composed from; read from the environment by `GatewayConfig` in `main.ts`. */
export interface GatewayOptions {
  readonly transport: "baileys" | "simulator"
  readonly sendRatePerMinute: number
  /** Bearer tokens of the in-memory `AuthPort` until real authentication lands. */
  readonly tokens: StaticTokens
}

/** The hexagon over the given WhatsApp transport, with the inbound sync that keeps the store true. */
export const hexagon = <T, E>(transport: Layer.Layer<T | WhatsAppPort, E>, options: GatewayOptions) =>
  InboundSync.pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        MemoryStore.layer,
        transport,
        IdGenerator.layer,
        SendRateLimiter.make({ perMinute: options.sendRatePerMinute }),
        StaticAuth.layer(options.tokens)
      )
    )
  )

const v1 = HttpApiBuilder.layer(WagateApi, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([SessionsHandlers, ApiKeysHandlers, GroupsHandlers, MembersHandlers, CommunitiesHandlers, MessagesHandlers])
)

const docs = HttpApiScalar.layer(WagateApi, { path: "/docs" })

const simulatorControls = HttpApiBuilder.layer(SimulatorApi).pipe(Layer.provide(SimulatorHandlers))

/** Every route of the gateway over its hexagon: `/api/v1`, `/openapi.json`, `/docs`, and the simulator controls. */
export const gatewayRoutes = (options: GatewayOptions) =>
  options.transport === "simulator"
    ? Layer.mergeAll(v1, docs, simulatorControls).pipe(
      Layer.provide(AuthenticationLive),
      Layer.provide(hexagon(Simulator.layer, options))
    )
    : Layer.mergeAll(v1, docs).pipe(Layer.provide(AuthenticationLive), Layer.provide(hexagon(UnlinkedWhatsApp, options)))
