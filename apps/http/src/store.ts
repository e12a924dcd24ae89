import { TransportOwnership } from "@wagate/core"
import { EmbeddedPostgres, PgStore, TransportOwnershipPg } from "@wagate/store-pg"
import { Layer, Option, type Redacted } from "effect"

/** Where the store lives: a Postgres server when a URL is given, else an embedded Postgres (PGlite) in `dataDir`. */
export interface StoreSettings {
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
}

/** The database the settings name: a pooled client for a server, or the embedded one (which locks `dataDir`). */
export const databaseLayer = (settings: StoreSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: () => EmbeddedPostgres.layer(settings.dataDir),
    onSome: (url) => PgStore.layerUrl(url)
  })

/** Every store port on the configured database, migrated at start-up. */
export const storeLayer = (settings: StoreSettings) => PgStore.layer.pipe(Layer.provide(databaseLayer(settings)))

/**
 * Who owns the WhatsApp connections of the sessions: on a Postgres server, whoever holds its advisory lock (one
 * gateway process per database); the embedded database is this process's alone (its directory is locked).
 */
export const ownershipLayer = (settings: StoreSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: () => TransportOwnership.layerSole,
    onSome: (url) => TransportOwnershipPg.layerUrl(url)
  })
