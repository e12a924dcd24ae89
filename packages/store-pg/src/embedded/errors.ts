import { Schema } from "effect"

/** Who holds a data directory: what `wagate.lock` records, so a second opener can say who to stop. */
export const LockHolder = Schema.Struct({
  // Positive only: `process.kill(0 | -1, 0)` would probe a whole process group, not one process.
  pid: Schema.Int.pipe(Schema.check(Schema.isGreaterThan(0))),
  /** The holder's command line (`process.argv`, space-joined). */
  command: Schema.String,
  /** When the holding process started (ISO 8601). */
  startedAt: Schema.String,
  /** When it took the lock (ISO 8601). */
  lockedAt: Schema.String,
  /** The host it runs on: a PID only means something on the host that wrote it. */
  hostname: Schema.String,
  /** Random per acquisition, so a holder removes only its own lock file. */
  token: Schema.String
})
export type LockHolder = typeof LockHolder.Type

/**
 * Another process (or another layer in this one) has the data directory open. PGlite is single-session and
 * keeps its data in memory between syncs, so two openers of one directory would corrupt it.
 */
export class DataDirLocked extends Schema.TaggedError<DataDirLocked>()("DataDirLocked", {
  dataDir: Schema.String,
  lockFile: Schema.String,
  /** `null` when the lock file exists but cannot be read (being written, or damaged). */
  holder: Schema.NullOr(LockHolder)
}) {
  override get message() {
    if (this.holder === null) {
      return `wagate data directory ${this.dataDir} is locked by ${this.lockFile}, which cannot be read. ` +
        `If no wagate process is using the directory, delete ${this.lockFile} and start again.`
    }
    const { command, hostname, pid, startedAt } = this.holder
    return `wagate data directory ${this.dataDir} is in use by process ${pid} (${command}) on ${hostname}, ` +
      `started ${startedAt}. Only one process can open an embedded database: stop that process, or use its ` +
      `HTTP API instead of opening the directory again. If that process is not wagate, delete ${this.lockFile}.`
  }
}

/** The embedded database could not be set up: the data directory, PGlite itself, or its loopback server. */
export class EmbeddedPostgresError extends Schema.TaggedError<EmbeddedPostgresError>()("EmbeddedPostgresError", {
  /** The data directory, or `memory` for the in-memory variant. */
  dataDir: Schema.String,
  operation: Schema.Literals(["lock", "open", "serve"]),
  cause: Schema.Defect()
}) {
  override get message() {
    const what = { lock: "lock", open: "open PGlite on", serve: "serve PGlite for" }[this.operation]
    const reason = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `embedded Postgres could not ${what} ${this.dataDir}: ${reason}`
  }
}
