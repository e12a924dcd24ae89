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

/**
 * Every store port on the configured database, migrated at start-up. On a Postgres server other processes may
 * commit events too, so the store listens for their wake-ups (`LISTEN wagate_events`); the embedded database is
 * this process's alone, and its wake-ups stay in process.
 */
export const storeLayer = (settings: StoreSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: () => PgStore.layer.pipe(Layer.provide(EmbeddedPostgres.layer(settings.dataDir))),
    onSome: (url) => PgStore.layerListening.pipe(Layer.provide(PgStore.layerUrl(url)))
  })

/**
 * Who owns the WhatsApp connections of the sessions: on a Postgres server, whoever holds its advisory lock (one
 * gateway process per database); the embedded database is this process's alone (its directory is locked).
 */
export const ownershipLayer = (settings: StoreSettings) =>
  Option.match(settings.databaseUrl, {
    onNone: () => TransportOwnership.layerSole,
    onSome: (url) => TransportOwnershipPg.layerUrl(url)
  })
