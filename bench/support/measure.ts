import { existsSync, readFileSync } from "node:fs"

/** The `p`th percentile of ascending `sorted` values (NaN when there are none). */
export const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

export const ms = (value: number) => `${value.toFixed(1)} ms`

/** The resident memory of process `pid` in kB (`VmRSS` in /proc; 0 once it is gone). */
export const rssKb = (pid: number): number => {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, "utf8") : ""
  const line = status.split("\n").find((l) => l.startsWith("VmRSS:"))
  return Number(line?.replace(/\D+/g, "") ?? 0)
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`
