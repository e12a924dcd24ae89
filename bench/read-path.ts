/**
 * `npm run bench:read-path`: the gateway's stored reads beside a hand-written service and bare Fastify (issue 14).
 *
 * On a fresh database of `WAGATE_BENCH_DATABASE_URL` (default the machine's Postgres), a gateway on the in-process
 * WhatsApp world gets, through its API: one session, a group of 1,024 members, 299 more groups (300 in all), a
 * sent message and an api key with `read`. Then, one after another, each in a process of its own:
 * - (a) the gateway, restarted on that database (so its setup does not count in its memory);
 * - (b) `bench/read-path/handwritten.ts`: Fastify + node-postgres doing the same reads with the same api key
 *   (looked up by its hash in the gateway's table), answering the same JSON (checked byte for byte first);
 * - (c) `bench/read-path/bare.ts`: Fastify serving the gateway's answers from memory.
 * The three run side by side, idle but for the one measured: endpoint by endpoint, each service in turn gets a 1 s
 * warm-up, then `--duration S` seconds (default 10) of autocannon with `--connections C` (default 50). Printed: req/s, p50, p99 per endpoint and service, the ratios gateway / hand-written and
 * gateway / bare, and the gateway's resident memory idle and at its peak under load. `--profile` writes a CPU
 * profile of the gateway (`node --cpu-prof`) into `--profile-dir` (default `bench-profiles/`); `--only WORD` benches
 * only the endpoints whose name contains WORD (`--only members`). Asserts nothing;
 * figures depend on the machine and its load, printed with them.
 */
import autocannon from "autocannon"
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { isDeepStrictEqual } from "node:util"
import { freePort, type Spawned, spawnProcess } from "../apps/http/test/support/process.ts"
import { argument } from "./support/arguments.ts"
import { callApi, pool, simulatorGateway } from "./support/api.ts"
import { sleep, withFreshDatabase, write } from "./support/database.ts"
import { topSelfTime } from "./support/cpuProfile.ts"
import { mb, rssKb } from "./support/measure.ts"

const duration = argument("duration", 10)
const connections = argument("connections", 50)
const profileAt = process.argv.indexOf("--profile-dir")
const profileDir = process.argv.includes("--profile")
  ? resolve(profileAt < 0 ? "bench-profiles" : process.argv[profileAt + 1] ?? "bench-profiles")
  : undefined

/** `--only WORD`: bench only the endpoints whose name contains WORD (to profile one of them). */
const onlyAt = process.argv.indexOf("--only")
const only = onlyAt < 0 ? "" : process.argv[onlyAt + 1] ?? ""

const SESSION = "bench"
const BIG_GROUP_MEMBERS = 1024
const GROUPS = 300

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
const phone = (i: number) => `62811${String(i).padStart(8, "0")}@s.whatsapp.net`

/** The fields of the answers the set-up reads. */
interface Created {
  readonly groupJid: string
  readonly id: string
  readonly key: string
}

/** Builds the data through the gateway's API; the api key and the URLs to bench. */
const setUp = async (port: number) => {
  await callApi(port, "POST", "/sessions", { id: SESSION })
  const big = await callApi<Created>(port, "POST", `/sessions/${SESSION}/groups`, {
    name: "Big",
    participants: Array.from({ length: BIG_GROUP_MEMBERS - 1 }, (_, i) => phone(i))
  })
  await pool(Array.from({ length: GROUPS - 1 }, (_, i) => i), 4, async (i) => {
    await callApi(port, "POST", `/sessions/${SESSION}/groups`, { name: `Group ${i}`, participants: [phone(i), phone(i + 1)] })
  })
  const message = await callApi<Created>(port, "POST", `/sessions/${SESSION}/messages`, { type: "text", to: phone(0), text: "hello" })
  const key = await callApi<Created>(port, "POST", "/api-keys", { name: "bench", capabilities: ["read"] })
  const gid = encodeURIComponent(big.groupJid)
  const urls = [
    { name: "members ?limit=1000 (1,024-member group)", url: `/api/v1/sessions/${SESSION}/groups/${gid}/members?limit=1000` },
    { name: "groups list page (100 of 300)", url: `/api/v1/sessions/${SESSION}/groups` },
    { name: "sessions list", url: "/api/v1/sessions" },
    { name: "one session (small JSON)", url: `/api/v1/sessions/${SESSION}` },
    { name: "one message", url: `/api/v1/sessions/${SESSION}/messages/${message.id}` },
    { name: "events history page (100)", url: "/api/v1/events/history" },
    { name: "/healthz", url: "/healthz" }
  ]
  return { key: key.key, urls: urls.filter((u) => u.name.includes(only)) }
}

interface Figures {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly failures: number
}

/** `duration` seconds of load on one URL (after a 1 s warm-up), with the peak RSS of `pid` sampled meanwhile. */
const measure = async (port: number, url: string, key: string, pid?: number) => {
  const headers = { authorization: `Bearer ${key}` }
  const target = `http://127.0.0.1:${port}${url}`
  await autocannon({ url: target, connections, duration: 1, headers })
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, pid === undefined ? 0 : rssKb(pid))), 250)
  const result = await Promise.resolve(autocannon({ url: target, connections, duration, headers })).finally(() => clearInterval(sampler))
  const figures: Figures = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors
  }
  return { figures, peak }
}

/** A comparison service in a process of its own, once it listens. */
const startService = async (file: string, env: Record<string, string>) => {
  const port = await freePort()
  const spawned = spawnProcess({ ...env, PORT: String(port) }, {
    file: process.execPath,
    args: [join(import.meta.dirname, "read-path", file)]
  })
  await spawned.waitFor(/listening on \d+/, 30_000)
  return { spawned, port }
}

const stop = async (spawned: Spawned) => {
  if (spawned.child.exitCode !== null) return
  spawned.child.kill("SIGTERM")
  await spawned.exited
}

const answerOf = async (port: number, url: string, key: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { authorization: `Bearer ${key}` } })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${body}`)
  return body
}

const row = (cells: ReadonlyArray<string>) => write(`| ${cells.join(" | ")} |`)
const perSecond = (f: Figures) => `${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`
const ratio = (a: Figures, b: Figures) => `${(a.rps / b.rps).toFixed(2)}×`

const main = async () => {
  write(`bench:read-path: ${connections} connections, ${duration} s per endpoint`)
  write(`machine: ${cpus().length} cores, load ${load()}`)
  await withFreshDatabase(async (url) => {
    const scratch = mkdtempSync(join(tmpdir(), "wagate-read-path-"))
    const running: Array<Spawned> = []
    try {
      const setup = await simulatorGateway(url)
      running.push(setup.gateway)
      const started = performance.now()
      const { key, urls } = await setUp(setup.port)
      write(`set up through the API in ${((performance.now() - started) / 1000).toFixed(1)} s: 1 session, ${GROUPS} groups (one of ${BIG_GROUP_MEMBERS} members), 1 message, 1 api key`)
      await stop(setup.gateway)

      // (a) The gateway, fresh on the database.
      if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true })
      const gatewayEnv: Record<string, string> = profileDir === undefined ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }
      const gateway = await simulatorGateway(url, gatewayEnv)
      running.push(gateway.gateway)
      const pid = gateway.gateway.child.pid ?? 0
      const answers = Object.fromEntries(await Promise.all(urls.map(async (u) => [u.url, await answerOf(gateway.port, u.url, key)] as const)))
      await sleep(3000)
      const idle = rssKb(pid)
      let peak = idle

      // (b) The hand-written service, checked to answer the same JSON first; (c) bare Fastify with the answers.
      const handwritten = await startService("handwritten.ts", { DATABASE_URL: url })
      running.push(handwritten.spawned)
      for (const u of urls) {
        const body = await answerOf(handwritten.port, u.url, key)
        const answer = answers[u.url] ?? ""
        if (body === answer) continue
        const sameJson = isDeepStrictEqual(JSON.parse(body), JSON.parse(answer))
        write(`note: the hand-written answer to ${u.url} ${sameJson ? "is the same JSON with keys in another order" : "differs from the gateway's"} (${body.length} vs ${answer.length} bytes)`)
      }
      const answersFile = join(scratch, "answers.json")
      writeFileSync(answersFile, JSON.stringify(answers))
      const bare = await startService("bare.ts", { ANSWERS: answersFile })
      running.push(bare.spawned)

      // Endpoint by endpoint, the three services one after another, so that the machine's load (shared with other
      // work) weighs on the three figures of a row alike.
      write()
      row(["endpoint (bytes)", "wagate", "hand-written Fastify + pg", "bare Fastify", "wagate / hand-written", "wagate / bare", "load (1 min)"])
      row(["---", "---", "---", "---", "---", "---", "---"])
      for (const u of urls) {
        const measured = await measure(gateway.port, u.url, key, pid)
        peak = Math.max(peak, measured.peak)
        const g = measured.figures
        const h = (await measure(handwritten.port, u.url, key)).figures
        const b = (await measure(bare.port, u.url, key)).figures
        row([`${u.name} (${answers[u.url]?.length ?? 0} B)`, perSecond(g), perSecond(h), perSecond(b), ratio(g, h), ratio(g, b), load().split(" ")[0] ?? ""])
        if ([g, h, b].some((f) => f.failures > 0)) write(`note: failures (non-2xx or socket errors) on ${u.url}: ${[g, h, b].map((f) => f.failures).join(" / ")}`)
      }
      await sleep(3000)
      const after = rssKb(pid)
      for (const spawned of [gateway.gateway, handwritten.spawned, bare.spawned]) await stop(spawned)

      write()
      write(`gateway RSS: ${mb(idle)} idle, ${mb(peak)} at its peak under load, ${mb(after)} 3 s after`)
      if (profileDir !== undefined) {
        const newest = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")).sort().at(-1)
        write(`gateway CPU profile: ${profileDir}/${newest}; the frames with the most self time:`)
        if (newest !== undefined) for (const line of topSelfTime(join(profileDir, newest), 25)) write(`  ${line}`)
      }
      write(`load at the end: ${load()}`)
    } finally {
      for (const spawned of running) if (spawned.child.exitCode === null) spawned.child.kill("SIGKILL")
      rmSync(scratch, { recursive: true, force: true })
    }
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:read-path failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
