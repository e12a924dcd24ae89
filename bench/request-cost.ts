/**
 * `npm run bench:request-cost`: the gateway's CPU time per request, by kind of request (ADR 0041).
 *
 * One gateway process (in-process WhatsApp world, rate limit off, a fresh database on `WAGATE_BENCH_DATABASE_URL`,
 * default the machine's Postgres) with `--sessions S` sessions (default 20) gets, kind after kind, `--requests N`
 * requests (default 5,000; after 300 of warm-up), `--concurrency C` at a time (default 32), over kept-alive
 * connections:
 * - `GET /healthz`: the HTTP platform's floor (routing, the global middleware; probes are logged only at debug), no
 *   store;
 * - `GET /api/v1/sessions/{id}`: an API route with authentication, one store read and an encoded answer;
 * - an async send refused at validation (400): the same, with a body decoded and an error envelope, no store;
 * - an async text send (202), and its drain into the simulated world (claim, send, settle, the echo stored):
 *   counted until every message is `sent` (read from the database, not from the gateway);
 * - the same with a `message.status` SSE stream open (`GET /api/v1/events`): the difference is the cost of the
 *   two events (`queued`, `sent`) each message gives to a subscriber (the stream is read until the last `sent`).
 * Printed per kind: the gateway's CPU time per request (user + system from /proc) and the requests per second.
 * Asserts nothing beyond the statuses; figures depend on the machine and its load.
 */
import { Effect } from "effect"
import { cpus, loadavg } from "node:os"
import { BENCH_TOKEN, callApi, exchange, pool, simulatorGateway } from "./support/api.ts"
import { argument } from "./support/arguments.ts"
import { admin, sleep, withFreshDatabase, write } from "./support/database.ts"
import { cpuMs } from "./support/measure.ts"
import { followSse } from "./support/sse.ts"

const requests = argument("requests", 5_000)
const sessions = argument("sessions", 20)
const concurrency = argument("concurrency", 32)
const WARM_UP = 300

/** One request; its status once the answer is read. */
const call = async (port: number, method: string, path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}) =>
  (await exchange(port, method, path, body, headers)).status

const sessionOf = (i: number) => `cost-${i % sessions}`

const main = async () => {
  write(`bench:request-cost: ${requests} requests of each kind, ${concurrency} at a time, ${sessions} sessions`)
  write(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  await withFreshDatabase(async (url) => {
    const { gateway, port } = await simulatorGateway(url, { WAGATE_SEND_RATE_PER_MINUTE: String(Number.MAX_SAFE_INTEGER) })
    try {
      await pool(Array.from({ length: sessions }, (_, s) => s), 4, async (s) => {
        await callApi(port, "POST", "/sessions", { id: sessionOf(s) })
      })
      const pid = gateway.child.pid ?? 0
      const withStatus = (status: string) =>
        admin(url, (sql) =>
          Effect.map(sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM messages WHERE status = ${status}`, (rows) => rows[0]?.n ?? 0))
      const measure = async (label: string, expected: number, request: (i: number) => Promise<number>, settled?: () => Promise<void>) => {
        await pool(Array.from({ length: WARM_UP }, (_, i) => requests + i), concurrency, async (i) => {
          await request(i)
        })
        if (settled !== undefined) await settled()
        const before = cpuMs(pid)
        const started = performance.now()
        const unexpected = new Map<number, number>()
        await pool(Array.from({ length: requests }, (_, i) => i), concurrency, async (i) => {
          const status = await request(i)
          if (status !== expected) unexpected.set(status, (unexpected.get(status) ?? 0) + 1)
        })
        const seconds = (performance.now() - started) / 1000
        if (settled !== undefined) await settled()
        if (unexpected.size > 0) throw new Error(`${label}: statuses other than ${expected}: ${JSON.stringify([...unexpected])}`)
        const perRequest = ((cpuMs(pid) - before) * 1000) / requests
        write(`${label.padEnd(54)} ${perRequest.toFixed(0).padStart(6)} µs of gateway CPU per request, ${(requests / seconds).toFixed(0)} requests/s`)
      }
      // Every message out of the queue, and every one of them sent (a failed one would make the figure wrong).
      const allSent = async () => {
        for (let waited = 0; (await withStatus("queued")) > 0; waited += 100) {
          if (waited > 300_000) throw new Error("messages still queued after 5 minutes")
          await sleep(100)
        }
        const failed = await withStatus("failed")
        if (failed > 0) throw new Error(`${failed} messages failed`)
      }
      write()
      await measure("GET /healthz (the platform's floor)", 200, () => call(port, "GET", "/healthz"))
      await measure("GET /api/v1/sessions/{id} (auth, one read)", 200, (i) => call(port, "GET", `/api/v1/sessions/${sessionOf(i)}`))
      await measure("POST …/messages?async=true refused at validation (400)", 400, (i) =>
        call(port, "POST", `/api/v1/sessions/${sessionOf(i)}/messages?async=true`, { type: "text", to: "not a jid", text: "x" }))
      const send = (round: string) => (i: number) =>
        call(port, "POST", `/api/v1/sessions/${sessionOf(i)}/messages?async=true`, {
          type: "text",
          to: `62811${String(i % sessions).padStart(7, "0")}@s.whatsapp.net`,
          text: `cost ${i}`
        }, { "idempotency-key": `cost-${round}-${i}` })
      await measure("POST …/messages?async=true (202) and its drain to sent", 202, send("plain"), allSent)

      // A subscriber to `message.status`: every message's `sent` event must reach it before the count ends.
      const abort = new AbortController()
      const sentSeen = new Set<string>()
      const reader = followSse<{ readonly data: { readonly id: string; readonly status: string } }>({
        port,
        token: BENCH_TOKEN,
        types: "message.status",
        signal: abort.signal,
        onEvent: (event) => {
          if (event.data.status === "sent") sentSeen.add(event.data.id)
        }
      })
      const everySentEvent = async () => {
        await allSent()
        const expected = await withStatus("sent")
        for (let waited = 0; sentSeen.size < expected; waited += 50) {
          if (waited > 300_000) throw new Error(`${sentSeen.size} of ${expected} sent events after 5 minutes`)
          await sleep(50)
        }
      }
      try {
        await reader.opened
        // The messages of the rounds before were sent before the stream opened: only the new ones are counted.
        const before = await withStatus("sent")
        for (let i = 0; i < before; i++) sentSeen.add(`before-${i}`)
        await measure("the same with a message.status SSE stream open", 202, send("streamed"), everySentEvent)
        if (reader.cutOffs() > 0) write(`(the SSE reader was cut off as too slow ${reader.cutOffs()} time(s) and resumed with Last-Event-ID)`)
      } finally {
        abort.abort()
        await reader.done
      }
    } finally {
      gateway.child.kill("SIGTERM")
      await gateway.exited
    }
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:request-cost failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
