import { CoreServices, InboundSync, OrgId, type Principal, SendRateLimiter } from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { EmbeddedPostgres, PgStore } from "@wagate/store-pg"
import { Layer } from "effect"

/**
 * wagate inside this service: its store in an embedded Postgres (PGlite) kept in `dataDir`, migrated when the
 * layer starts, and WhatsApp played by the in-process simulator. For a Postgres server, provide
 * `PgStore.layerUrl(url)` instead of `EmbeddedPostgres.layer(dataDir)`; for real WhatsApp, a WhatsApp adapter
 * instead of `Simulator.layer`.
 */
export const wagate = (dataDir: string) =>
  InboundSync.pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        PgStore.layer.pipe(Layer.provide(EmbeddedPostgres.layer(dataDir))),
        Simulator.layer,
        CoreServices.layer,
        SendRateLimiter.make({ perMinute: 60 })
      )
    )
  )

/** Who this service acts as: the use-cases check every call against an organisation and its capabilities. */
export const operator: Principal = { orgId: OrgId.make("acme"), capabilities: ["read", "send", "manage"] }
