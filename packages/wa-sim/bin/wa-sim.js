#!/usr/bin/env node
// `wa-sim …`. Installed from a tarball or a registry, this runs the built JavaScript (dist/). In a checkout of the
// repository (src/ next to this file, nothing built) it runs the TypeScript sources: Node ≥ 22.18 strips the types,
// and the workspace packages resolve to their sources (the `@wagate/source` condition, ADR 0019).
import { existsSync } from "node:fs"
import { registerHooks } from "node:module"

const sources = new URL("../src/cli/main.ts", import.meta.url)
const checkout = existsSync(sources)

if (checkout) {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, "@wagate/source"] })
  })
}
await import(checkout ? sources.href : new URL("../dist/cli/main.js", import.meta.url).href)
