// `npm run build` ends with this: makes the embedded store's data directory template (PGlite's initdb, run once
// per installation, ADR 0018) in packages/store-pg/dist/pglite-template, so that no gateway start pays for it.
// Prints where it is; a template already there is kept.
import { Effect } from "effect"
import { ensureTemplate } from "../packages/store-pg/src/embedded/DataDirTemplate.ts"

const template = await Effect.runPromise(ensureTemplate())
if (template === undefined) {
  process.stderr.write("pglite-template: the template could not be written (see the warning above)\n")
  process.exit(1)
}
process.stdout.write(`${template}\n`)
