import { Clock, Effect, Option, Schema } from "effect"
import { randomUUID } from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DataDirLocked, EmbeddedPostgresError, LockHolder } from "./errors.ts"

/** The lock file's name inside the data directory. */
export const lockFileName = "wagate.lock"

const holderJson = Schema.fromJsonString(LockHolder)
const decodeHolder = Schema.decodeUnknownOption(holderJson)
const encodeHolder = Schema.encodeSync(holderJson)

const errnoCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

/** The lock file's holder; `null` when it cannot be parsed; `"missing"` when there is no file. */
const readHolder = (file: string): LockHolder | null | "missing" => {
  let text: string
  try {
    text = Fs.readFileSync(file, "utf8")
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return "missing"
    throw error
  }
  return Option.getOrNull(decodeHolder(text))
}

/** Creates `file` with O_EXCL: `false` when it already exists. One write right after, so the window in which
 * a reader sees an empty file is tiny, and readers treat an unreadable file as held (never steal it). */
const createExclusive = (file: string, content: string): boolean => {
  try {
    Fs.writeFileSync(file, content, { flag: "wx", mode: 0o644 })
    return true
  } catch (error) {
    if (errnoCode(error) === "EEXIST") return false
    throw error
  }
}

/** Whether `pid` is a live process on this host. EPERM: it exists but belongs to another user. */
const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errnoCode(error) === "EPERM"
  }
}

/**
 * Removes a stale lock, but only the one judged stale: it is renamed aside first (atomic) and checked; if a
 * concurrent starter replaced it in between, that fresh lock is put back and the caller looks again.
 */
const removeStale = (file: string, stale: LockHolder, token: string): void => {
  const aside = `${file}.stale-${token}`
  try {
    Fs.renameSync(file, aside)
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return
    throw error
  }
  const moved = readHolder(aside)
  if (moved !== null && moved !== "missing" && moved.token !== stale.token) {
    try {
      Fs.linkSync(aside, file)
    } catch (error) {
      if (errnoCode(error) !== "EEXIST") throw error
    }
  }
  Fs.rmSync(aside, { force: true })
}

type Attempt =
  | { readonly _tag: "Acquired" }
  | { readonly _tag: "Held"; readonly holder: LockHolder | null }

/** Bounded: each round either takes the lock, reports a live holder, or clears one stale lock. */
const maxRounds = 5

const tryAcquire = (file: string, record: LockHolder): Attempt => {
  const content = encodeHolder(record)
  for (let round = 0; round < maxRounds; round++) {
    if (createExclusive(file, content)) return { _tag: "Acquired" }
    const existing = readHolder(file)
    if (existing === "missing") continue
    // A PID from another host cannot be checked, so a lock on a shared volume counts as held.
    if (existing === null || existing.hostname !== record.hostname || isAlive(existing.pid)) {
      return { _tag: "Held", holder: existing }
    }
    removeStale(file, existing, record.token)
  }
  const last = readHolder(file)
  return { _tag: "Held", holder: last === "missing" ? null : last }
}

/**
 * Takes the exclusive lock on a data directory (creating the directory) for the life of the scope.
 *
 * The lock is `<dataDir>/wagate.lock`, created with O_EXCL and holding the PID, command line and start time
 * of the holder. A lock whose PID is alive (this process included) fails with `DataDirLocked`; a lock left by
 * a dead process is taken over. Closing the scope removes the file if it is still this acquisition's.
 */
export const acquireDataDirLock = Effect.fn("EmbeddedPostgres.acquireDataDirLock")(function*(dataDir: string) {
  const directory = Path.resolve(dataDir)
  const file = Path.join(directory, lockFileName)
  const now = yield* Clock.currentTimeMillis
  const record: LockHolder = {
    pid: process.pid,
    command: process.argv.join(" "),
    startedAt: new Date(now - Math.round(process.uptime() * 1000)).toISOString(),
    lockedAt: new Date(now).toISOString(),
    hostname: Os.hostname(),
    // Unique across processes, unlike Effect's seedable `Random`: it tells this acquisition's file apart.
    token: randomUUID()
  }
  const lockError = (cause: unknown) => new EmbeddedPostgresError({ dataDir: directory, operation: "lock", cause })

  const attempt = yield* Effect.acquireRelease(
    Effect.try({
      try: () => {
        Fs.mkdirSync(directory, { recursive: true })
        return tryAcquire(file, record)
      },
      catch: lockError
    }),
    (attempt) =>
      attempt._tag === "Held" ? Effect.void : Effect.try({
        try: () => {
          const current = readHolder(file)
          if (current !== null && current !== "missing" && current.token === record.token) Fs.rmSync(file)
        },
        catch: lockError
      }).pipe(Effect.catch((error) => Effect.logWarning("could not remove the data directory lock", error)))
  )
  if (attempt._tag === "Held") {
    return yield* new DataDirLocked({ dataDir: directory, lockFile: file, holder: attempt.holder })
  }
  return record
})
