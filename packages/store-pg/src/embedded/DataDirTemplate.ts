import { PGlite } from "@electric-sql/pglite"
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { EmbeddedPostgresError } from "./errors.ts"
import { pgliteStartParams } from "./pgliteSettings.ts"

/**
 * A new embedded database is a copy of a template: a data directory on which PGlite's `initdb` ran once, kept
 * beside the package. `initdb` in WebAssembly costs ~6 CPU seconds and ~300 MB of memory (a second PGlite and
 * copies of its whole memory) that linger in the process; copying the template's ~40 MB costs ~0.1 s (ADR 0018).
 *
 * The template is made by `npm run build`, or else by the first start on a new data directory; it is keyed by
 * PGlite's version, since a data directory only opens with the Postgres that created it. Where the package's
 * directory cannot be written (an installation owned by another user), every new database runs `initdb` as
 * before, with a warning. Making the template is logged at debug level only: a service that embeds the store
 * may print its own output on stdout (examples/embed does).
 */

/** `dist/pglite-template` of this package, from the sources (`src/embedded`) and from the build (`dist/embedded`). */
const templateRoot = fileURLToPath(new URL("../../dist/pglite-template/", import.meta.url))

const pgliteVersion = (): string => {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite")
  const manifest: unknown = JSON.parse(Fs.readFileSync(Path.join(Path.dirname(entry), "..", "package.json"), "utf8"))
  return typeof manifest === "object" && manifest !== null && "version" in manifest &&
      typeof manifest.version === "string"
    ? manifest.version
    : "unknown"
}

/** Where the template of the installed PGlite lives. */
export const templateDirectory = (): string => Path.join(templateRoot, `pglite-${pgliteVersion()}`)

const isDatabase = (directory: string) => Fs.existsSync(Path.join(directory, "PG_VERSION"))

const isMissingOrEmpty = (directory: string) => !Fs.existsSync(directory) || Fs.readdirSync(directory).length === 0

/** Runs `initdb` into `directory` (new or empty) and shuts the database down cleanly, so it can be copied. */
const initdb = async (directory: string) => {
  Fs.mkdirSync(directory, { recursive: true })
  const db = await PGlite.create(directory, { startParams: [...pgliteStartParams] })
  await db.close()
}

/**
 * Publishes a copy of the freshly initialised `source` as the template: copied aside, then renamed into place,
 * so a reader sees a whole template or none. Another process that published first wins; ours is dropped.
 * Returns why it could not, if it could not.
 */
const publish = (source: string, template: string): string | undefined => {
  const aside = `${template}.tmp-${randomUUID()}`
  try {
    Fs.cpSync(source, aside, { recursive: true })
    Fs.renameSync(aside, template)
    return undefined
  } catch (error) {
    Fs.rmSync(aside, { recursive: true, force: true })
    if (isDatabase(template)) return undefined
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Makes sure the template exists, running `initdb` once if it does not. Answers its directory, or `undefined`
 * (with a warning logged) when it cannot be written. For `npm run build` and for `seedDataDir`.
 */
export const ensureTemplate = Effect.fn("EmbeddedPostgres.ensureTemplate")(function*() {
  const template = templateDirectory()
  if (isDatabase(template)) return template
  const staging = `${template}.initdb-${randomUUID()}`
  yield* Effect.logDebug(`embedded Postgres: running initdb once for the data directory template ${template}`)
  const problem = yield* Effect.tryPromise({ try: () => initdb(staging), catch: String }).pipe(
    Effect.map(() => publish(staging, template)),
    Effect.catch((error) => Effect.succeed(error)),
    Effect.ensuring(Effect.sync(() => Fs.rmSync(staging, { recursive: true, force: true })))
  )
  if (problem === undefined) return template
  yield* Effect.logWarning(`embedded Postgres: no data directory template (${problem}); new databases run initdb`)
  return undefined
})

/**
 * Gives a new embedded database (`pgdata` missing or empty) its files: a copy of the template, made in
 * `<pgdata>.seeding` and renamed into place, so a crash midway leaves no half-copied database behind (the next
 * start removes the leftover; the caller holds the data directory's lock). Without a template, `initdb` runs
 * there instead. A `pgdata` that holds a database, or anything else, is left to PGlite as it is.
 */
export const seedDataDir = Effect.fn("EmbeddedPostgres.seedDataDir")(function*(pgdata: string, label: string) {
  const failed = (cause: unknown) => new EmbeddedPostgresError({ dataDir: label, operation: "open", cause })
  const fresh = yield* Effect.try({ try: () => !isDatabase(pgdata) && isMissingOrEmpty(pgdata), catch: failed })
  if (!fresh) return
  const seeding = `${pgdata}.seeding`
  yield* Effect.try({ try: () => Fs.rmSync(seeding, { recursive: true, force: true }), catch: failed })
  const template = yield* ensureTemplate()
  if (template === undefined) {
    yield* Effect.tryPromise({ try: () => initdb(seeding), catch: failed })
  } else {
    yield* Effect.try({ try: () => Fs.cpSync(template, seeding, { recursive: true }), catch: failed })
  }
  yield* Effect.try({
    try: () => {
      if (Fs.existsSync(pgdata)) Fs.rmdirSync(pgdata) // empty, checked above
      Fs.renameSync(seeding, pgdata)
    },
    catch: failed
  })
})
