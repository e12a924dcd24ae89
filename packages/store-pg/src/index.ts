/**
 * @wagate/store-pg — wagate's store in Postgres: every store port over `@effect/sql-pg`, with its migrations,
 * on a Postgres server or on the embedded PGlite.
 */
export { PgStore, type PgStoreUrlOptions } from "./PgStore.ts"
export { migrations, migrationsTable } from "./migrations/index.ts"
export * from "./embedded/index.ts"
export { TRANSPORT_LOCK, TransportOwnershipPg } from "./ownership/TransportOwnershipPg.ts"
