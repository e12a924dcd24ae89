import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []
  )

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g

/** Every module a file imports or re-exports, static or dynamic. */
const specifiers = (text: string): Array<string> =>
  Array.from(text.matchAll(SPECIFIER), (m) => m[1] ?? m[2] ?? "").filter((s) => s !== "")

const allowed = (specifier: string) => specifier === "effect" || specifier.startsWith("effect/") || specifier.startsWith(".")

describe("the core is the hexagon", () => {
  it("imports nothing but effect from its source", () => {
    const files = sourceFiles(join(root, "src"))
    assert.isAbove(files.length, 20)
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((s) => !allowed(s))
        .map((s) => `${relative(root, file)} imports ${s}`)
    )
    assert.deepStrictEqual(offenders, [])
  })

  it("depends on effect alone", () => {
    const manifest: { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> } = JSON.parse(
      readFileSync(join(root, "package.json"), "utf8")
    )
    assert.deepStrictEqual(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }), ["effect"])
  })

  it("the check itself sees imports, re-exports and dynamic imports", () => {
    const sample = `import { x } from "node:fs"\nexport * from "./a.ts"\nconst m = await import("@whiskeysockets/baileys")\nimport type { Y } from "effect/Schema"`
    assert.deepStrictEqual(specifiers(sample), ["node:fs", "./a.ts", "@whiskeysockets/baileys", "effect/Schema"])
    assert.deepStrictEqual(specifiers(sample).filter((s) => !allowed(s)), ["node:fs", "@whiskeysockets/baileys"])
  })
})
