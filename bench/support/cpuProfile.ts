import { readFileSync } from "node:fs"

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) a summary reads. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  }>
  readonly samples: ReadonlyArray<number>
}

/**
 * The `count` frames with the most self time in the profile at `file`, as `share %  function  file:line` lines
 * (the file's path shortened to its part under `node_modules/` or the repository).
 */
export const topSelfTime = (file: string, count: number): Array<string> => {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile
  const frameOf = new Map(profile.nodes.map((node) => {
    const { functionName, url, lineNumber } = node.callFrame
    const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(packages|apps)\//, "$1/")
    return [node.id, `${functionName === "" ? "(anonymous)" : functionName}  ${where === "" ? "" : `${where}:${lineNumber + 1}`}`]
  }))
  const hits = new Map<string, number>()
  for (const id of profile.samples) {
    const frame = frameOf.get(id) ?? "?"
    hits.set(frame, (hits.get(frame) ?? 0) + 1)
  }
  const total = profile.samples.length
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, n]) => `${((100 * n) / total).toFixed(1).padStart(5)} %  ${frame}`)
}
