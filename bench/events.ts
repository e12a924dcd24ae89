/**
 * `npm run bench:events`: events committed through the gateway's use-cases on a real Postgres, with an SSE client
 * and a webhook receiver attached.
 *
 * A gateway process (in-process WhatsApp world, a fresh database on `WAGATE_BENCH_DATABASE_URL`, default the
 * machine's Postgres) gets `--changes N` (default 2,000) subject changes of C groups of C sessions, `--concurrency C`
 * (default 8) at a time: each commits the group and its `group.updated` event in one transaction. Printed:
 * - the commit rate (changes answered per second) and, measured in the same run as its ceiling, the rate of bare
 *   single-row inserts into a table on the same server from C connections;
 * - p50/p99 of commit → SSE (arrival on a `GET /api/v1/events` stream) and commit → webhook (arrival of the signed
 *   POST at a local receiver), each from the event's `occurredAt` (taken just before its transaction).
 * Asserts nothing beyond every event arriving on both; figures depend on the machine and its load.
 */
import { Effect } from "effect"
import { createServer } from "node:http"
import { cpus, loadavg } from "node:os"
import { freePort, type Spawned } from "../apps/http/test/support/process.ts"
import { argument } from "./support/arguments.ts"
import { BENCH_TOKEN, callApi, pool, simulatorGateway } from "./support/api.ts"
import { admin, sleep, withFreshDatabase, write } from "./support/database.ts"
import { ms, percentile } from "./support/measure.ts"
import { readSse } from "./support/sse.ts"

const changes = argument("changes", 2000)
const concurrency = argument("concurrency", 8)


interface WireEvent {
  readonly id: string
  readonly type: string
  readonly occurredAt: string
  readonly data: { readonly subject?: string }
}

/** Arrival times (ms since the epoch) by event id, and a way to wait until every expected one arrived. */
const arrivals = () => {
  const at = new Map<string, { readonly event: WireEvent; readonly arrived: number }>()
  return {
    record: (event: WireEvent) => {
      if (!at.has(event.id)) at.set(event.id, { event, arrived: Date.now() })
    },
    matching: (keep: (event: WireEvent) => boolean) => [...at.values()].filter((entry) => keep(entry.event)),
    count: (keep: (event: WireEvent) => boolean) => [...at.values()].filter((entry) => keep(entry.event)).length
  }
}



/** Bare single-row inserts per second into a scratch table on the same server, from `concurrency` connections. */
const insertCeiling = async (url: string) => {
  await admin(url, (sql) => sql`CREATE TABLE bench_ceiling (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data jsonb)`)
  const perConnection = Math.ceil(changes / concurrency)
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, () =>
    admin(url, (sql) =>
      Effect.forEach(
        Array.from({ length: perConnection }, (_, i) => i),
        (i) => sql`INSERT INTO bench_ceiling (data) VALUES (${JSON.stringify({ subject: `bench ${i}` })}::jsonb)`,
        { discard: true }
      ))
  ))
  return (perConnection * concurrency) / ((performance.now() - started) / 1000)
}

/** The fields of a created group's answer the bench reads. */
interface Created {
  readonly groupJid?: string
  readonly group?: { readonly groupJid: string }
}

const main = async () => {
  write(`bench:events: ${changes} changes, ${concurrency} at a time`)
  write(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  await withFreshDatabase(async (url) => {
    const sse = arrivals()
    const hooks = arrivals()
    const receiver = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        hooks.record(JSON.parse(Buffer.concat(chunks).toString("utf8")) as WireEvent)
        response.writeHead(204).end()
      })
    })
    const receiverPort = await freePort()
    await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve))
    let gateway: Spawned | undefined
    const sseAbort = new AbortController()
    try {
      const running = await simulatorGateway(url, { WAGATE_WEBHOOK_ALLOW_PRIVATE: "true" })
      gateway = running.gateway
      const port = running.port
      // One group per session, as many sessions as requests in flight: a session's changes are applied one at a
      // time (ADR 0013), so the sessions are what lets them commit concurrently.
      const groups: Array<{ readonly session: string; readonly gid: string }> = []
      for (let i = 0; i < concurrency; i++) {
        const session = `bench-${i}`
        await callApi(port, "POST", "/sessions", { id: session })
        const created = await callApi<Created>(port, "POST", `/sessions/${session}/groups`, { name: "bench", participants: ["+62 811 0000 0001"] })
        const gid = created.group?.groupJid ?? created.groupJid
        if (gid === undefined) throw new Error("the group was not created")
        groups.push({ session, gid })
      }
      await callApi(port, "POST", "/webhooks", { url: `http://127.0.0.1:${receiverPort}/hook`, events: ["group.updated"] })
      const stream = await fetch(`http://127.0.0.1:${port}/api/v1/events?types=group.updated`, {
        headers: { authorization: `Bearer ${BENCH_TOKEN}` },
        signal: sseAbort.signal
      })
      if (stream.status !== 200) throw new Error(`GET /events: ${stream.status}`)
      const reading = readSse<WireEvent>(stream, sse.record).catch(() => undefined)

      const isBench = (event: WireEvent) => event.type === "group.updated" && event.data.subject?.startsWith("bench ") === true
      const started = performance.now()
      await pool(Array.from({ length: changes }, (_, i) => i), concurrency, async (i) => {
        const { session, gid } = groups[i % concurrency] ?? { session: "", gid: "" }
        await callApi(port, "PATCH", `/sessions/${session}/groups/${encodeURIComponent(gid)}`, { subject: `bench ${i}` })
      })
      const elapsed = (performance.now() - started) / 1000
      for (let waited = 0; sse.count(isBench) < changes || hooks.count(isBench) < changes; waited += 100) {
        if (waited > 300_000) throw new Error(`after 5 minutes: ${sse.count(isBench)} on SSE, ${hooks.count(isBench)} at the webhook`)
        await sleep(100)
      }
      const latencies = (seen: ReturnType<typeof arrivals>) =>
        seen.matching(isBench).map((entry) => entry.arrived - Date.parse(entry.event.occurredAt)).sort((a, b) => a - b)
      const toSse = latencies(sse)
      const toHook = latencies(hooks)
      const ceiling = await insertCeiling(url)
      write()
      write(`commit rate: ${(changes / elapsed).toFixed(0)} changes/s through PATCH …/groups/{gid} over ${concurrency} sessions (group + event in one transaction)`)
      write(`ceiling: ${ceiling.toFixed(0)} bare single-row inserts/s from ${concurrency} connections, same server`)
      write(`commit → SSE: p50 ${ms(percentile(toSse, 50))}, p99 ${ms(percentile(toSse, 99))} (${toSse.length} events)`)
      write(`commit → webhook: p50 ${ms(percentile(toHook, 50))}, p99 ${ms(percentile(toHook, 99))} (${toHook.length} events)`)
      const hookTimes = hooks.matching(isBench).map((entry) => entry.arrived).sort((a, b) => a - b)
      const span = ((hookTimes.at(-1) ?? 0) - (hookTimes[0] ?? 0)) / 1000
      write(`one webhook's delivery rate: ${(hookTimes.length / span).toFixed(0)} deliveries/s (in order, each recorded before the next)`)
      sseAbort.abort()
      await reading
    } finally {
      sseAbort.abort()
      if (gateway !== undefined && gateway.child.exitCode === null) {
        gateway.child.kill("SIGTERM")
        await gateway.exited
      }
      receiver.close()
    }
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:events failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
