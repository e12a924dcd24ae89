import { EmbeddedPostgres, PgStore } from "@wagate/store-pg"
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
