// `npm run clean`: removes every workspace package's build output (dist/, with its .tsbuildinfo), so the next
// `npm run build` emits from the current sources alone (no file left over from a renamed or deleted source).
import { readdirSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
for (const group of ["packages", "apps"]) {
  for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(root, group, entry.name, "dist"), { recursive: true, force: true })
  }
}
