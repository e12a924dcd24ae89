/**
 * The package boundaries, as `.dependency-cruiser.cjs` states them: the repository breaks none, and each rule
 * fires on a copy of the workspace with a file that breaks it (in every import form the core rule must see).
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { cruise, type ICruiseResult } from "dependency-cruiser"
import extractDepcruiseConfig from "dependency-cruiser/config-utl/extract-depcruise-config"
import { Context, Effect, Layer } from "effect"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"

const repo = join(import.meta.dirname, "..", "..")
const groups = ["packages", "apps"] as const

/** Runs dependency-cruiser with the repository's rules over `packages/` and `apps/` of `baseDir`. */
const cruiseWorkspace = (baseDir: string) =>
  Effect.promise(async (): Promise<ICruiseResult> => {
    const ruleSet = await extractDepcruiseConfig(join(repo, ".dependency-cruiser.cjs"))
    const { output } = await cruise([...groups], { ruleSet, validate: true, baseDir })
    if (typeof output === "string") throw new Error("dependency-cruiser answered text, not a cruise result")
    return output
  })

const violations = (result: ICruiseResult) => result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)

/** The TypeScript files of every package's src/ (what ships), relative to the repository. */
const sourceFiles = groups.flatMap((group) =>
  readdirSync(join(repo, group)).flatMap((name) =>
    readdirSync(join(repo, group, name, "src"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => `${group}/${name}/src/${file}`)
  )
)

/** Where a workspace package lives: `@wagate/<name>` is `<group>/<name>`. */
const groupOf = new Map(groups.flatMap((group) => readdirSync(join(repo, group)).map((name) => [name, group] as const)))

/** A module's file in the workspace, whether reached by a relative path or through `node_modules/@wagate/<name>`. */
const workspacePath = (path: string) =>
  path.replace(/^node_modules\/@wagate\/([^/]+)\//, (whole, name: string) => {
    const group = groupOf.get(name)
    return group === undefined ? whole : `${group}/${name}/`
  })

/** Whether a violation is about `file`: it comes from it, or (for a cycle) the cycle passes through it. */
const concerns = (file: string) => (v: ICruiseResult["summary"]["violations"][number]) =>
  workspacePath(v.from) === file || (v.cycle ?? []).some((step) => workspacePath(step.name) === file)

describe("package boundaries", () => {
  it.effect("the repository breaks no rule, and the check sees every source file", () =>
    Effect.gen(function*() {
      const result = yield* cruiseWorkspace(repo)
      assert.deepStrictEqual(violations(result), [])
      const cruised = new Set(result.modules.map((m) => m.source))
      assert.isAbove(sourceFiles.length, 100)
      assert.deepStrictEqual(sourceFiles.filter((file) => !cruised.has(file)), [], "source files the check did not see")
    }), 60_000)

  it.effect("the core depends on effect alone in its package.json too", () =>
    Effect.sync(() => {
      const manifest: { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> } = JSON.parse(
        readFileSync(join(repo, "packages", "core", "package.json"), "utf8")
      )
      assert.deepStrictEqual(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }), ["effect"])
    }))

  layer(BrokenWorkspace(), { timeout: "120 seconds" })("each rule fires on a file that breaks it", (it) => {
    for (const breach of breaches) {
      it.effect(`${breach.rules.join(" + ")}: ${breach.what}`, () =>
        Effect.gen(function*() {
          const { result } = yield* Broken
          const fired = result.summary.violations.filter(concerns(breach.file))
          assert.sameMembers([...new Set(fired.map((v) => v.rule.name))], [...breach.rules], violations(result).join("\n"))
        }))
    }

    it.effect("nothing else in the copy breaks a rule", () =>
      Effect.gen(function*() {
        const { result } = yield* Broken
        const elsewhere = result.summary.violations.filter((v) => !breaches.some((b) => concerns(b.file)(v)))
        assert.deepStrictEqual(elsewhere.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), [])
      }))
  })
})

/**
 * Text added to a file of the copy (a new file, or the end of an existing one), and a package its package.json
 * then declares in `section` (and in no other).
 */
interface Change {
  readonly file: string
  readonly text: string
  readonly declare?: { readonly section: "dependencies" | "devDependencies"; readonly name: string }
}

/** A change that breaks the rules named. */
interface Breach extends Change {
  readonly what: string
  readonly rules: ReadonlyArray<string>
}

function breaches_(): ReadonlyArray<Breach> {
  return [
    { what: "a static import of a node: module in the core", file: "packages/core/src/leak/static.ts", text: `import { readFileSync } from "node:fs"\nexport const read = readFileSync\n`, rules: ["core-imports-only-effect"] },
    { what: "require() in the core", file: "packages/core/src/leak/require.ts", text: `declare const require: (id: string) => unknown\nexport const crypto = require("node:crypto")\n`, rules: ["core-imports-only-effect"] },
    { what: "a dynamic import in the core", file: "packages/core/src/leak/dynamic.ts", text: `export const os = () => import("node:os")\n`, rules: ["core-imports-only-effect"] },
    { what: "a type-only import in the core", file: "packages/core/src/leak/typeOnly.ts", text: `import type { Readable } from "node:stream"\nexport type Stream = Readable\n`, rules: ["core-imports-only-effect"] },
    { what: "a re-export in the core", file: "packages/core/src/leak/reexport.ts", text: `export { join } from "node:path"\n`, rules: ["core-imports-only-effect"] },
    { what: "another package in the core, declared as a dependency", file: "packages/core/src/leak/package.ts", text: `export { PgClient } from "@effect/sql-pg"\n`, rules: ["core-imports-only-effect"], declare: { section: "dependencies", name: "@effect/sql-pg" } },
    { what: "an adapter importing another by name, declared as a dependency", file: "packages/store-pg/src/leak.ts", text: `export { MemoryStore } from "@wagate/memory"\n`, rules: ["adapters-not-on-each-other"], declare: { section: "dependencies", name: "@wagate/memory" } },
    { what: "an adapter importing another by a relative path", file: "packages/auth/src/leak.ts", text: `export { MemoryStore } from "../../memory/src/index.ts"\n`, rules: ["adapters-not-on-each-other"] },
    { what: "the contract suites in shipped code, even declared as a dependency", file: "apps/http/src/leak.ts", text: `export * as Contracts from "@wagate/testing"\n`, rules: ["testing-is-dev-only"], declare: { section: "dependencies", name: "@wagate/testing" } },
    { what: "an app in a package's test, declared as a devDependency", file: "packages/memory/test/leak.test.ts", text: `export * from "@wagate/http"\n`, rules: ["packages-not-on-apps"], declare: { section: "devDependencies", name: "@wagate/http" } },
    { what: "two modules importing each other", file: "packages/memory/src/leak/a.ts", text: `import { b } from "./b.ts"\nexport const a = () => b\n`, rules: ["no-cycles"] },
    { what: "a cycle across packages: the gateway importing the CLI, which imports the gateway", file: "apps/http/src/store.ts", text: `export * as Cli from "@wagate/cli"\n`, rules: ["no-cycles"], declare: { section: "dependencies", name: "@wagate/cli" } },
    { what: "a devDependency in shipped code", file: "apps/cli/src/leak.ts", text: `export * from "@wagate/memory"\n`, rules: ["shipped-code-uses-no-dev-dependency"], declare: { section: "devDependencies", name: "@wagate/memory" } },
    { what: "a package its package.json does not declare", file: "packages/auth/src/undeclared.ts", text: `export * from "@effect/sql-pg"\n`, rules: ["imports-are-declared"] },
    { what: "an import of a file that does not exist", file: "packages/memory/src/missing.ts", text: `export * from "./nowhere.ts"\n`, rules: ["imports-resolve"] }
  ]
}
const breaches = breaches_()

/** The other half of the cycle within a package. */
const cycleHalf: Change = { file: "packages/memory/src/leak/b.ts", text: `import { a } from "./a.ts"\nexport const b = () => a\n` }

class Broken extends Context.Service<Broken, { readonly result: ICruiseResult }>()("test/boundaries/Broken") {}

/**
 * A copy of every workspace package (package.json, src/, bin/) with the breaches added, its node_modules linking
 * the repository's third-party packages and `@wagate/*` to the copies, cruised once.
 */
function BrokenWorkspace() {
  return Layer.effect(
    Broken,
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-boundaries-"))),
        (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
      )
      mkdirSync(join(dir, "node_modules", "@wagate"), { recursive: true })
      for (const entry of readdirSync(join(repo, "node_modules"))) {
        if (entry !== "@wagate" && entry !== ".bin") symlinkSync(join(repo, "node_modules", entry), join(dir, "node_modules", entry))
      }
      for (const group of groups) {
        for (const name of readdirSync(join(repo, group))) {
          for (const part of ["package.json", "src", "bin"]) {
            const from = join(repo, group, name, part)
            if (existsSync(from)) cpSync(from, join(dir, group, name, part), { recursive: true })
          }
          symlinkSync(join("..", "..", group, name), join(dir, "node_modules", "@wagate", name))
        }
      }
      for (const { file, text, declare } of [...breaches, cycleHalf]) {
        mkdirSync(dirname(join(dir, file)), { recursive: true })
        writeFileSync(join(dir, file), existsSync(join(dir, file)) ? `${readFileSync(join(dir, file), "utf8")}${text}` : text)
        if (declare !== undefined) {
          const manifestFile = join(dir, file.split("/").slice(0, 2).join("/"), "package.json")
          const manifest: Record<string, Record<string, string> | undefined> = JSON.parse(readFileSync(manifestFile, "utf8"))
          for (const section of ["dependencies", "devDependencies"]) {
            const { [declare.name]: _, ...rest } = manifest[section] ?? {}
            manifest[section] = section === declare.section ? { ...rest, [declare.name]: "0.1.0" } : rest
          }
          writeFileSync(manifestFile, JSON.stringify(manifest, null, 2))
        }
      }
      return { result: yield* cruiseWorkspace(dir) }
    })
  )
}
