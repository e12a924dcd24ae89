// `npm run pack [-- DIR]`: builds every workspace package from clean (`npm run clean`, `npm run build`) and packs
// each into a tarball in DIR (default `.pack/`), as `npm publish` would upload it. Prints the tarballs' paths, one
// a line; `examples/embed` installs them (see its README).
import { execFileSync } from "node:child_process"
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"

const root = join(import.meta.dirname, "..")
const destination = resolve(process.argv[2] ?? join(root, ".pack"))

/** Runs npm in the repository; its own output goes to stderr, so stdout carries only the tarballs' paths. */
const npm = (args: ReadonlyArray<string>) =>
  execFileSync("npm", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })

npm(["run", "--silent", "clean"])
npm(["run", "--silent", "build"])
mkdirSync(destination, { recursive: true })
const packed: ReadonlyArray<{ readonly filename: string }> = JSON.parse(
  npm(["pack", "--workspaces", "--json", "--pack-destination", destination])
)
for (const { filename } of packed) process.stdout.write(`${join(destination, filename)}\n`)
