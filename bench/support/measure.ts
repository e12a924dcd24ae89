import { existsSync, readdirSync, readFileSync } from "node:fs"

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

/** The CPU time process `pid` has used so far (user + system, from /proc), in milliseconds; 0 once it is gone. */
export const cpuMs = (pid: number): number => {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : ""
  // The fields after the command name (which may hold spaces) end with ")"; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / 100
}

/** The CPU time used so far by each process whose command is `command` (from /proc), in milliseconds by pid. */
export const cpuMsOfCommand = (command: string): ReadonlyMap<number, number> =>
  new Map(readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      return readFileSync(`/proc/${entry}/comm`, "utf8").trim() === command ? [[Number(entry), cpuMs(Number(entry))] as const] : []
    } catch {
      return []
    }
  }))

/** The CPU time processes used between two readings of `cpuMsOfCommand`: those present at the second (a process that exited meanwhile drops out). */
export const cpuMsBetween = (before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number =>
  [...after].reduce((sum, [pid, used]) => sum + used - (before.get(pid) ?? 0), 0)

/** The machine's CPU time so far, in milliseconds summed over its cores: busy and idle (the `cpu` line of /proc/stat). */
export const machineCpuMs = (): { readonly busy: number; readonly idle: number } => {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal: idle and iowait are idle time. Steal (a VM host busy elsewhere)
  // counts as busy, which lowers a bound computed from it.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  const busy = fields.slice(0, 8).reduce((sum, value) => sum + value, 0) - idle
  return { busy: (busy * 1000) / 100, idle: (idle * 1000) / 100 }
}

/** A reading of where the machine's CPU time has gone so far: this bench's process, the gateway, Postgres, all. */
export const cpuReading = (gatewayPid: number | undefined) => {
  const own = process.cpuUsage()
  return {
    bench: (own.user + own.system) / 1000,
    gateway: gatewayPid === undefined ? 0 : cpuMs(gatewayPid),
    postgres: cpuMsOfCommand("postgres"),
    machine: machineCpuMs()
  }
}

/**
 * The CPU time per message (µs) between two readings, by process, and the share of the machine left idle. The
 * gateway's reading must come from before it exits.
 */
export const cpuSplit = (before: ReturnType<typeof cpuReading>, after: ReturnType<typeof cpuReading>, count: number) => {
  const perMessage = (ms: number) => (ms * 1000) / count
  const bench = perMessage(after.bench - before.bench)
  const gateway = perMessage(after.gateway - before.gateway)
  const postgres = perMessage(cpuMsBetween(before.postgres, after.postgres))
  const busy = perMessage(after.machine.busy - before.machine.busy)
  const idle = perMessage(after.machine.idle - before.machine.idle)
  return { bench, gateway, postgres, other: Math.max(0, busy - bench - gateway - postgres), busy, idleShare: idle / (busy + idle) }
}

/** A duration in microseconds, as the benches print it. */
export const microseconds = (value: number) => `${value.toFixed(0)} µs`
