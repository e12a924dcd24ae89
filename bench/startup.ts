/**
 * `npm run bench:startup`: how long the gateway takes to start, and how much memory it holds.
 *
 * - Seconds from spawning `node apps/http/src/main.ts` to the first 200 from `/healthz` (the process serves; during
 *   start-up it answers `{"status":"starting"}`) and from `/readyz` (the store is open and migrated), on a fresh
 *   and on an existing embedded data directory: the median of 5 runs each (`--runs N` changes it); and once the
 *   first start of an installation, which runs PGlite's initdb for the data directory template (the bench moves
 *   the template aside for it: do not run it while tests start gateways).
 * - The gateway's resident memory (RSS, from /proc) once ready and idle, right after 10,000 requests
 *   (`--requests N`), and after idling again; with the part that is anonymous memory (heaps, PGlite's WebAssembly
 *   memory) and the part that is mapped files (code).
 *
 * Prints the figures and the targets (fresh start under 5 s, idle embedded gateway under 250 MB); it asserts
 * nothing. Figures depend on the machine and its load, which is printed with them.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, rawGet, rawRequest, type Spawned, spawnProcess } from "../apps/http/test/support/process.ts"
import { templateDirectory } from "../packages/store-pg/src/embedded/DataDirTemplate.ts"
import { argument } from "./support/arguments.ts"

const runs = argument("runs", 5)
const requestCount = argument("requests", 10_000)
const idleSeconds = argument("idle", 10)
const TOKEN = "bench-token"

const targets = { freshReadySeconds: 5, idleRssMb: 250 }

const write = (line = "") => process.stdout.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** Polls `path` on fresh connections until it answers 200; the time from `since`, in ms. */
const firstOk = async (port: number, path: string, since: number, gateway: Spawned): Promise<number> => {
  for (;;) {
    if (gateway.child.exitCode !== null) throw new Error(`the gateway exited:\n${gateway.output()}`)
    // PGlite's first start blocks the event loop for seconds at a time: a long deadline tells slow from hung.
    const outcome = await rawRequest(port, rawGet(path), 60_000)
    if (outcome.outcome === "answered" && outcome.status === 200) return performance.now() - since
    if (outcome.outcome === "hung") throw new Error(`${path} hung`)
    await sleep(outcome.outcome === "refused" ? 5 : 20)
  }
}

const gatewayEnv = (dir: string, port: number) => ({
  PORT: String(port),
  WAGATE_DATA_DIR: dir,
  WAGATE_TRANSPORT: "simulator",
  WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`
})

const stop = async (gateway: Spawned) => {
  gateway.child.kill("SIGTERM")
  const code = await gateway.exited
  if (code !== 0) throw new Error(`the gateway exited with ${code}:\n${gateway.output()}`)
}

/** One start: spawn, time the port being bound (its log line) and the first 200s, stop. */
const timeStart = async (dir: string): Promise<Timing> => {
  const port = await freePort()
  const since = performance.now()
  const gateway = spawnProcess(gatewayEnv(dir, port))
  const [bound, health, ready] = await Promise.all([
    gateway.waitFor(/Starting on http/, 120_000).then(() => performance.now() - since),
    firstOk(port, "/healthz", since, gateway),
    firstOk(port, "/readyz", since, gateway)
  ])
  const cpu = cpuSeconds(gateway.child.pid ?? 0)
  await stop(gateway)
  return { bound, health, ready, cpu }
}

/** CPU time (user + system, all threads) a process has used so far, in seconds: what start-up costs whatever the load. */
const cpuSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

interface Timing {
  /** Node started and loaded the code, the configuration is read and the port bound. */
  readonly bound: number
  readonly health: number
  readonly ready: number
  /** CPU seconds the process had used when /readyz first answered 200. */
  readonly cpu: number
}

/**
 * Resident memory of a process, from /proc/<pid>/smaps: in total, and by kind of mapping: PGlite's WebAssembly
 * memory (the largest anonymous read-write mapping of 128 MiB or more: PGlite's memory starts at 128 MiB), the
 * native heap (`[heap]`: malloc), files (the node binary, libraries), and the other anonymous memory (the V8
 * heap, compiled code, thread stacks and arenas).
 */
const memory = (pid: number) => {
  const mappings: Array<{ header: string; size: number; rss: number; anonymous: number }> = []
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) mappings.push({ header: line, size: 0, rss: 0, anonymous: 0 })
    const field = /^(Size|Rss|Anonymous):\s+(\d+) kB/.exec(line)
    const current = mappings.at(-1)
    if (field !== null && current !== undefined) {
      if (field[1] === "Size") current.size = Number(field[2])
      if (field[1] === "Rss") current.rss = Number(field[2])
      if (field[1] === "Anonymous") current.anonymous = Number(field[2])
    }
  }
  const mb = (kb: number) => kb / 1024
  const sum = (list: ReadonlyArray<{ rss: number }>) => list.reduce((total, m) => total + m.rss, 0)
  const wasm = mappings
    .filter((m) => / rw-p 00000000 00:00 0\s*$/.test(m.header) && m.size >= 128 * 1024)
    .sort((a, b) => b.rss - a.rss)[0]
  const heap = mappings.filter((m) => m.header.endsWith("[heap]"))
  const files = mappings.filter((m) => m.anonymous === 0 && /\s\//.test(m.header))
  const rss = sum(mappings)
  const known = (wasm?.rss ?? 0) + sum(heap) + sum(files)
  return { rss: mb(rss), wasm: mb(wasm?.rss ?? 0), nativeHeap: mb(sum(heap)), files: mb(sum(files)), other: mb(rss - known) }
}
const showMemory = (m: ReturnType<typeof memory>) =>
  `${m.rss.toFixed(0).padStart(4)} MB  (PGlite WebAssembly ${m.wasm.toFixed(0)}, native heap ${m.nativeHeap.toFixed(0)}, ` +
  `files ${m.files.toFixed(0)}, V8 heap and other ${m.other.toFixed(0)})`

/** `count` requests over 16 keep-alive connections: reads, writes, operations routes and misses, as a client mixes them. */
const load = async (port: number, count: number) => {
  const base = `http://127.0.0.1:${port}`
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }
  let next = 0
  let failures = 0
  const one = async (n: number) => {
    const kind = n % 10
    const response = kind < 4
      ? await fetch(`${base}/api/v1/sessions?limit=20`, { headers })
      : kind === 4
      ? await fetch(`${base}/api/v1/sessions`, { method: "POST", headers, body: JSON.stringify({ id: `bench-${n}`, name: "bench" }) })
      : kind === 5
      ? await fetch(`${base}/api/v1/sessions/bench-${n - 1}`, { headers })
      : kind === 6
      ? await fetch(`${base}/readyz`)
      : kind === 7
      ? await fetch(`${base}/metrics`)
      : kind === 8
      ? await fetch(`${base}/api/v1/sessions/nobody-${n}`, { headers })
      : await fetch(`${base}/healthz`)
    await response.arrayBuffer()
    if (response.status >= 500) failures++
  }
  const worker = async () => {
    while (next < count) await one(next++)
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: 16 }, worker))
  return { ms: performance.now() - started, failures }
}

const main = async () => {
  write(`wagate start-up and memory (${runs} runs; ${cpus().length} CPUs; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`)
  write(`node ${process.version}`)
  write()

  // The first start on a new data directory of an installation runs initdb once, for the data directory
  // template that later new directories copy (`npm run build` makes it beforehand): moved aside for one start.
  const template = templateDirectory()
  const firstDir = mkdtempSync(join(tmpdir(), "wagate-bench-first-"))
  const aside = `${template}.bench-${process.pid}`
  let first: Timing
  try {
    if (existsSync(template)) renameSync(template, aside)
    first = await timeStart(firstDir)
  } finally {
    rmSync(firstDir, { recursive: true, force: true })
    if (existsSync(template)) rmSync(aside, { recursive: true, force: true })
    else if (existsSync(aside)) renameSync(aside, template)
  }
  const fresh: Array<Timing> = []
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "wagate-bench-fresh-"))
    try {
      fresh.push(await timeStart(dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const existingDir = mkdtempSync(join(tmpdir(), "wagate-bench-existing-"))
  const existing: Array<Timing> = []
  try {
    await timeStart(existingDir) // creates and migrates the database: not counted
    for (let i = 0; i < runs; i++) existing.push(await timeStart(existingDir))
  } finally {
    rmSync(existingDir, { recursive: true, force: true })
  }
  const row = (name: string, values: ReadonlyArray<Timing>) =>
    write(
      `${name.padEnd(34)} port bound ${seconds(median(values.map((v) => v.bound))).padStart(8)}   /healthz ${
        seconds(median(values.map((v) => v.health))).padStart(8)
      }   /readyz ${seconds(median(values.map((v) => v.ready))).padStart(8)}   CPU ${
        median(values.map((v) => v.cpu)).toFixed(2)
      } s   (readyz runs: ${values.map((v) => (v.ready / 1000).toFixed(1)).join(", ")})`
    )
  write("seconds from spawning the process, median (port bound: Node loaded the code and bound the port;")
  write("/healthz, /readyz: their first 200; readyz minus port bound is the store opening and migrating;")
  write("CPU: the CPU time the process had used when ready, a figure that does not depend on the machine's load)")
  row("  first new directory (no template: initdb)", [first])
  row("  fresh embedded data directory", fresh)
  row("  existing embedded data directory", existing)
  write()

  const dir = mkdtempSync(join(tmpdir(), "wagate-bench-memory-"))
  try {
    // First start on a fresh directory (PGlite runs initdb in the process), then a restart on it, as in production.
    const freshIdle = await idleMemory(dir)
    const port = await freePort()
    const gateway = spawnProcess(gatewayEnv(dir, port))
    try {
      const pid = gateway.child.pid ?? 0
      await firstOk(port, "/readyz", performance.now(), gateway)
      await sleep(idleSeconds * 1000)
      const idle = memory(pid)
      const { ms, failures } = await load(port, requestCount)
      const loaded = memory(pid)
      await sleep(idleSeconds * 1000)
      const after = memory(pid)
      write("resident memory (RSS) of an embedded gateway, in MB")
      write(`  idle after its first start on a fresh directory   ${showMemory(freshIdle)}`)
      write(`  idle after a restart on that directory            ${showMemory(idle)}`)
      write(
        `  right after ${requestCount} requests                     ${showMemory(loaded)}   (${
          (requestCount / (ms / 1000)).toFixed(0)
        } req/s over 16 connections, ${failures} answers >= 500)`
      )
      write(`  idle again (${idleSeconds} s)                                ${showMemory(after)}`)
      write()
      const freshReady = median(fresh.map((v) => v.ready)) / 1000
      const worstIdle = Math.max(freshIdle.rss, idle.rss)
      write("targets")
      write(
        `  fresh start under ${targets.freshReadySeconds} s: ${freshReady.toFixed(2)} s ${
          freshReady < targets.freshReadySeconds ? "(met)" : "(missed)"
        }`
      )
      write(
        `  idle RSS under ${targets.idleRssMb} MB: ${freshIdle.rss.toFixed(0)} MB fresh, ${idle.rss.toFixed(0)} MB restarted ${
          worstIdle < targets.idleRssMb ? "(met)" : "(missed)"
        }`
      )
    } finally {
      await stop(gateway)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Starts a gateway on `dir`, lets it idle once ready, and answers its memory then. */
const idleMemory = async (dir: string) => {
  const port = await freePort()
  const gateway = spawnProcess(gatewayEnv(dir, port))
  try {
    await firstOk(port, "/readyz", performance.now(), gateway)
    await sleep(idleSeconds * 1000)
    return memory(gateway.child.pid ?? 0)
  } finally {
    await stop(gateway)
  }
}

await main()
