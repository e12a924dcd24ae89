/**
 * `npm run bench:send-throughput`: durable async sending through the gateway on a real Postgres.
 *
 * A gateway process (in-process WhatsApp world, rate limit off, a fresh database on `WAGATE_BENCH_DATABASE_URL`,
 * default the machine's Postgres) gets `--messages N` (default 20,000) async text sends (`?async=true`, each with
 * its own Idempotency-Key) spread over `--sessions S` sessions (default 200), `--concurrency C` requests at a time
 * (default 32). Each is committed (message, key and event in one transaction) and answered 202, then drained by
 * its session's queue into the simulated world. Printed:
 * - accepted requests/s (202s over the time to send them all) and p50/p99 accept latency (request → 202);
 * - end-to-end messages/s (every message `sent`, from the first request to the last `sent` event on an SSE
 *   stream) and p50/p99 accept → sent (the `sent` event's `updatedAt` minus the message's `createdAt`, both the
 *   server's clock);
 * - the gateway process's CPU time per message (user + system from /proc, over the run), and where the machine's
 *   CPU went per message: the gateway, this bench's own HTTP client and SSE reader, Postgres (every `postgres`
 *   process), the rest, and the share left idle; the same for the ceiling's loop; and the bound this sets: the
 *   messages per second the machine's cores, fully busy, would give at this CPU per message (ADR 0041);
 * - in the same run, the same server's ceiling for the same transaction shape: a bare loop from C connections of
 *   insert a queued message, claim the oldest queued one of its session (`FOR UPDATE SKIP LOCKED`), mark it sent:
 *   three transactions per message as the outbox commits them, without HTTP, events or keys; and the ratio.
 * Asserts nothing beyond every message being sent; figures depend on the machine and its load.
 */
import { Effect } from "effect"
import { cpus, loadavg } from "node:os"
import type { Spawned } from "../apps/http/test/support/process.ts"
import { BENCH_TOKEN, callApi, pool, requestApi, simulatorGateway } from "./support/api.ts"
import { argument } from "./support/arguments.ts"
import { admin, sleep, withFreshDatabase, write } from "./support/database.ts"
import { cpuReading, cpuSplit, ms, microseconds, percentile } from "./support/measure.ts"
import { followSse } from "./support/sse.ts"

const messages = argument("messages", 20_000)
const sessions = argument("sessions", 200)
const concurrency = argument("concurrency", 32)

/** The fields of a `message.status` event the bench reads. */
interface StatusEvent {
  readonly type: string
  readonly data: { readonly id: string; readonly status: string; readonly createdAt: string; readonly updatedAt: string }
}

/**
 * Messages per second of the outbox's transaction shape on the bare server: from `concurrency` connections, each
 * message inserted queued, claimed (its session's oldest queued one, skipping rows another connection holds) and
 * marked sent, each step its own transaction; and where the machine's CPU went meanwhile, per message.
 */
const outboxCeiling = async (url: string) => {
  await admin(url, (sql) =>
    Effect.andThen(
      sql`CREATE TABLE bench_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        session_id text NOT NULL,
        to_jid text NOT NULL,
        request jsonb NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      sql`CREATE INDEX bench_outbox_queue ON bench_outbox (session_id, id) WHERE status = 'queued'`
    ))
  const perConnection = Math.ceil(messages / concurrency)
  const cpuBefore = cpuReading(undefined)
  // The last connection to finish takes the readings while every connection is still open: a Postgres backend's
  // CPU time is read from /proc, so it must not have exited yet.
  let finished = 0
  let ended = Number.NaN
  let cpuAfter = cpuBefore
  let allFinished = () => {}
  const barrier = new Promise<void>((resolve) => {
    allFinished = resolve
  })
  const finish = Effect.promise(() => {
    finished++
    if (finished === concurrency) {
      ended = performance.now()
      cpuAfter = cpuReading(undefined)
      allFinished()
    }
    return barrier
  })
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, (_, c) =>
    admin(url, (sql) =>
      Effect.andThen(Effect.forEach(
        Array.from({ length: perConnection }, (_, i) => i),
        (i) => {
          const session = `bench-${(c * perConnection + i) % sessions}`
          return Effect.gen(function*() {
            yield* sql`INSERT INTO bench_outbox (session_id, to_jid, request, status, created_at, updated_at)
              VALUES (${session}, ${"628110000001@s.whatsapp.net"}, ${JSON.stringify({ type: "text", text: `bench ${i}` })}::jsonb,
                      ${"queued"}, now(), now())`
            const claimed = yield* sql<{ readonly id: string }>`
              UPDATE bench_outbox SET status = ${"sending"}, attempts = attempts + 1, updated_at = now()
              WHERE id = (SELECT id FROM bench_outbox WHERE session_id = ${session} AND status = ${"queued"}
                          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
              RETURNING id::text AS id`
            for (const { id } of claimed) {
              yield* sql`UPDATE bench_outbox SET status = ${"sent"}, updated_at = now() WHERE id = ${id}`
            }
          })
        },
        { discard: true }
      ), finish))
  ))
  const rate = (perConnection * concurrency) / ((ended - started) / 1000)
  return { rate, cpu: cpuSplit(cpuBefore, cpuAfter, perConnection * concurrency) }
}

const main = async () => {
  write(`bench:send-throughput: ${messages} async sends over ${sessions} sessions, ${concurrency} requests at a time`)
  write(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  await withFreshDatabase(async (url) => {
    let gateway: Spawned | undefined
    const sseAbort = new AbortController()
    try {
      const running = await simulatorGateway(url, { WAGATE_SEND_RATE_PER_MINUTE: String(Number.MAX_SAFE_INTEGER) })
      gateway = running.gateway
      const port = running.port
      const sessionIds = Array.from({ length: sessions }, (_, s) => `bench-${s}`)
      await pool(sessionIds, 8, async (id) => {
        await callApi(port, "POST", "/sessions", { id })
      })

      // The `sent` of every message, as the SSE stream reports it: when it arrived, and the server's times.
      const sent = new Map<string, { readonly arrived: number; readonly acceptToSent: number }>()
      // A reader the gateway cuts off as too slow (its buffer of live events filled) resumes after the last id it read.
      const reader = followSse<StatusEvent>({
        port,
        token: BENCH_TOKEN,
        types: "message.status",
        signal: sseAbort.signal,
        onEvent: (event) => {
          if (event.type !== "message.status" || event.data.status !== "sent" || sent.has(event.data.id)) return
          sent.set(event.data.id, { arrived: performance.now(), acceptToSent: Date.parse(event.data.updatedAt) - Date.parse(event.data.createdAt) })
        }
      })

      // Every `sent` event must reach the reader: it subscribes before the first send.
      await reader.opened
      const acceptLatencies: Array<number> = []
      const accepted = new Set<string>()
      const gatewayPid = gateway.child.pid ?? 0
      const cpuBefore = cpuReading(gatewayPid)
      const started = performance.now()
      await pool(Array.from({ length: messages }, (_, i) => i), concurrency, async (i) => {
        const before = performance.now()
        const answer = await requestApi<{ readonly id?: string }>(port, "POST", `/sessions/bench-${i % sessions}/messages?async=true`, {
          type: "text",
          to: `62811${String(i % sessions).padStart(7, "0")}@s.whatsapp.net`,
          text: `bench ${i}`
        }, { "idempotency-key": `bench-${i}` })
        acceptLatencies.push(performance.now() - before)
        if (answer.status !== 202 || answer.body.id === undefined) throw new Error(`send ${i}: ${answer.status} ${JSON.stringify(answer.body)}`)
        accepted.add(answer.body.id)
      })
      const acceptSeconds = (performance.now() - started) / 1000
      const allSent = () => [...accepted].every((id) => sent.has(id))
      for (let waited = 0; !allSent(); waited += 50) {
        if (waited > 600_000) throw new Error(`after 10 minutes: ${sent.size} of ${accepted.size} sent`)
        if (gateway.child.exitCode !== null) throw new Error(`the gateway exited:\n${gateway.output().slice(-3000)}`)
        await sleep(50)
      }
      const cpu = cpuSplit(cpuBefore, cpuReading(gatewayPid), messages)
      const lastSent = Math.max(...[...accepted].map((id) => sent.get(id)?.arrived ?? Number.NaN))
      const endToEnd = messages / ((lastSent - started) / 1000)
      acceptLatencies.sort((a, b) => a - b)
      const acceptToSent = [...accepted].map((id) => sent.get(id)?.acceptToSent ?? Number.NaN).sort((a, b) => a - b)
      sseAbort.abort()
      await reader.done
      gateway.child.kill("SIGTERM")
      await gateway.exited

      const { rate: ceiling, cpu: ceilingCpu } = await outboxCeiling(url)
      const cores = cpus().length
      write()
      write(`accepted: ${(messages / acceptSeconds).toFixed(0)} requests/s (202 with the message committed); latency p50 ${ms(percentile(acceptLatencies, 50))}, p99 ${ms(percentile(acceptLatencies, 99))}`)
      write(`end to end: ${endToEnd.toFixed(0)} messages/s sent; accept → sent p50 ${ms(percentile(acceptToSent, 50))}, p99 ${ms(percentile(acceptToSent, 99))}`)
      write(`ceiling: ${ceiling.toFixed(0)} messages/s of bare insert + claim + update transactions from ${concurrency} connections, same server`)
      write(`gateway CPU: ${microseconds(cpu.gateway)} per message (its accept, drain, events and SSE; the figure that load on the machine changes least)`)
      write(`machine CPU per message, sending: gateway ${microseconds(cpu.gateway)}, the bench's HTTP client and SSE reader ${microseconds(cpu.bench)}, Postgres ${microseconds(cpu.postgres)}, other ${microseconds(cpu.other)}; ${(100 * cpu.idleShare).toFixed(0)} % of the ${cores} cores idle`)
      write(`machine CPU per message, ceiling loop: its client ${microseconds(ceilingCpu.bench)}, Postgres ${microseconds(ceilingCpu.postgres)}, other ${microseconds(ceilingCpu.other)}; ${(100 * ceilingCpu.idleShare).toFixed(0)} % idle`)
      write(`bound: at this CPU per message, ${cores} cores fully busy would send ${((cores * 1e6) / cpu.busy).toFixed(0)} messages/s end to end (${((cores * 1e6) / cpu.busy / ceiling).toFixed(2)} of the ceiling)`)
      if (reader.cutOffs() > 0) write(`(the SSE reader was cut off as too slow ${reader.cutOffs()} time(s) and resumed with Last-Event-ID)`)
      write(`ratio: end to end is ${(endToEnd / ceiling).toFixed(2)} of the ceiling (target ≥ 0.50)`)
    } finally {
      sseAbort.abort()
      if (gateway !== undefined && gateway.child.exitCode === null) {
        gateway.child.kill("SIGTERM")
        await gateway.exited
      }
    }
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:send-throughput failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
