#!/usr/bin/env node
// `wagate …`. Installed from a tarball or a registry, this runs the built JavaScript (dist/). In a checkout of the
// repository (src/ next to this file, nothing built) it runs the TypeScript sources, as `npm start` does: Node ≥ 22.18
// strips the types, and the workspace packages resolve to their sources (the `@wagate/source` condition, ADR 0019).
import { existsSync } from "node:fs"
import { registerHooks } from "node:module"

const sources = new URL("../src/main.ts", import.meta.url)
const checkout = existsSync(sources)

if (checkout) {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, "@wagate/source"] })
  })
}
await import(checkout ? sources.href : new URL("../dist/main.js", import.meta.url).href)
