/** Embedded Postgres: PGlite on a locked data directory, behind `PgClient` / `SqlClient`. */
export * as EmbeddedPostgres from "./EmbeddedPostgres.ts"
export { embeddedConnectionSettings, serverConnectionSettings } from "./connectionSettings.ts"
export { lockFileName } from "./DataDirLock.ts"
export { DataDirLocked, EmbeddedPostgresError, LockHolder } from "./errors.ts"
