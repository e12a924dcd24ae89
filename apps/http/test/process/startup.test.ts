import { assert, describe, it } from "@effect/vitest"
import { testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import * as Net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  eventually,
  freePort,
  type RawAnswer,
  type RawOutcome,
  rawGet,
  rawRequest,
  readyPort,
  type Spawned,
  spawnProcess
} from "../support/process.ts"

const TOKEN = "startup-token"
const auth = { authorization: `Bearer ${TOKEN}` }

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-startup-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** The gateway as a child process, killed (if still running) when the scope closes. */
const gateway = (env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      spawnProcess({ WAGATE_TRANSPORT: "simulator", WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`, ...env })
    ),
    (spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  )

const stop = (spawned: Spawned) =>
  Effect.promise(() => {
    spawned.child.kill("SIGTERM")
    return spawned.exited
  })

const postSession = (id: string) => {
  const body = JSON.stringify({ id, name: "early" })
  return `POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer ${TOKEN}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
}

const envelopeCode = (outcome: RawOutcome): string | undefined => {
  if (outcome.outcome !== "answered") return undefined
  const parsed: unknown = JSON.parse(outcome.body)
  if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return undefined
  const error: unknown = parsed.error
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined
}

/** The answer, or a failed assertion saying what came instead. */
const answer = (what: string, outcome: RawOutcome): RawAnswer => {
  if (outcome.outcome !== "answered") return assert.fail(`${what}: ${JSON.stringify(outcome)}`)
  return outcome
}

/** Checks the start-up answer contract on one answered request; returns a complaint, or undefined when it holds. */
const complaint = (what: string, outcome: RawOutcome): string | undefined => {
  if (outcome.outcome !== "answered") return `${what}: ${JSON.stringify(outcome)}`
  if (outcome.headers["x-request-id"] === undefined) return `${what}: no X-Request-Id`
  if (outcome.status === 503) {
    if (envelopeCode(outcome) !== "unavailable") return `${what}: 503 without the unavailable envelope: ${outcome.body}`
    if (outcome.headers["retry-after"] === undefined) return `${what}: 503 without Retry-After`
  }
  return undefined
}

/**
 * A TCP gate in front of the Postgres server: it accepts connections and holds them, unanswered, until `open`,
 * then forwards them (and later ones) to the server. A gateway behind it stays in start-up for as long as the
 * gate is shut.
 */
const postgresGate = (target: URL) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly port: number; readonly held: () => number; readonly open: () => void; readonly close: () => void }>(
      (resume) => {
        let open = false
        const waiting: Array<Net.Socket> = []
        const sockets = new Set<Net.Socket>()
        const forward = (client: Net.Socket) => {
          const upstream = Net.connect({ host: target.hostname, port: Number(target.port || 5432) })
          sockets.add(upstream)
          client.on("error", () => upstream.destroy())
          upstream.on("error", () => client.destroy())
          client.on("close", () => upstream.destroy())
          upstream.on("close", () => client.destroy())
          client.pipe(upstream)
          upstream.pipe(client)
        }
        const server = Net.createServer((client) => {
          sockets.add(client)
          if (open) forward(client)
          else waiting.push(client)
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          resume(Effect.succeed({
            port: typeof address === "object" && address !== null ? address.port : 0,
            held: () => waiting.length,
            open: () => {
              open = true
              for (const client of waiting.splice(0)) forward(client)
            },
            close: () => {
              for (const socket of sockets) socket.destroy()
              server.close()
            }
          }))
        })
      }
    ),
    (gate) => Effect.sync(gate.close)
  )

describe("start-up", () => {
  it.live("a gateway held in start-up answers every request at once: /healthz 200, everything else 503", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = testDatabaseUrl()
      const database = yield* testDatabase(base)
      const gate = yield* postgresGate(new URL(base))
      const url = new URL(base)
      url.host = `127.0.0.1:${gate.port}`
      url.pathname = `/${database}`
      // The driver's connect timeout (5 s) would end start-up while the gate is shut; this test opens it sooner.
      url.searchParams.set("connect_timeout", "120")
      const port = yield* Effect.promise(freePort)
      const spawned = yield* gateway({ PORT: String(port), WAGATE_DATABASE_URL: url.toString() })
      yield* Effect.promise(() => spawned.waitFor(/Starting on http:\/\//))
      yield* Effect.promise(() => eventually("the gateway connects to its database", () => gate.held() > 0))

      const health = answer("healthz", yield* Effect.promise(() => rawRequest(port, rawGet("/healthz", { "x-request-id": "early-1" }))))
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(JSON.parse(health.body), { status: "starting" })
      assert.strictEqual(health.headers["x-request-id"], "early-1")

      const requests: ReadonlyArray<readonly [string, string]> = [
        ["GET /readyz", rawGet("/readyz")],
        ["GET /api/v1/sessions", rawGet("/api/v1/sessions", auth)],
        ["POST /api/v1/sessions", postSession("early")],
        ["GET /metrics", rawGet("/metrics")],
        ["GET /nowhere", rawGet("/nowhere")],
        ["HEAD /healthz", rawGet("/healthz", {}, "HEAD")]
      ]
      for (const [what, request] of requests) {
        const outcome = yield* Effect.promise(() => rawRequest(port, request))
        assert.strictEqual(complaint(what, outcome), undefined)
        if (what === "HEAD /healthz") continue
        const reply = answer(what, outcome)
        assert.strictEqual(reply.status, 503, what)
        assert.strictEqual(reply.headers["retry-after"], "1", what)
      }
      assert.isAbove(gate.held(), 0, "the gateway is still waiting for its database")

      gate.open()
      const readyOn = yield* Effect.promise(() => readyPort(spawned))
      assert.strictEqual(readyOn, port)
      const ready = answer("readyz", yield* Effect.promise(() => rawRequest(port, rawGet("/readyz"))))
      assert.strictEqual(ready.status, 200)
      const created = answer("create", yield* Effect.promise(() => rawRequest(port, postSession("after-start"))))
      assert.strictEqual(created.status, 201, created.body)
      assert.strictEqual(yield* stop(spawned), 0, spawned.output())
    })), 120_000)

  it.live("requests fired continuously from the first instant on a fresh embedded data directory are all answered", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* tempDir
      const port = yield* Effect.promise(freePort)
      const spawned = yield* gateway({ PORT: String(port), WAGATE_DATA_DIR: dir })
      const request = (n: number): readonly [string, string] => {
        switch (n % 4) {
          case 0:
            return ["GET /healthz", rawGet("/healthz")]
          case 1:
            return ["GET /readyz", rawGet("/readyz")]
          case 2:
            return ["GET /api/v1/sessions", rawGet("/api/v1/sessions", auth)]
          default:
            return ["POST /api/v1/sessions", postSession(`s${n}`)]
        }
      }
      const outcomes: Array<{ readonly what: string; readonly outcome: RawOutcome; readonly startedAfterAnswer: boolean }> = []
      let answered = false
      let ready = false
      let sent = 0
      // Four loops, each one request at a time, from before the port is bound until a while after /readyz first
      // answers 200. The deadline is long because PGlite's first start (initdb, in this process) blocks the event
      // loop for seconds at a time on a loaded machine: that delays answers, and a hang is still told apart.
      const loop = (offset: number) =>
        Effect.promise(async () => {
          let after = 0
          for (let i = offset; after < 8; i++) {
            const [what, raw] = request(i + 4 * sent++)
            const startedAfterAnswer = answered
            const outcome = await rawRequest(port, raw, 30_000)
            outcomes.push({ what, outcome, startedAfterAnswer })
            if (outcome.outcome === "answered") answered = true
            if (what === "GET /readyz" && outcome.outcome === "answered" && outcome.status === 200) ready = true
            if (ready) after++
            if (spawned.child.exitCode !== null) throw new Error(`the gateway exited:\n${spawned.output()}`)
          }
        })
      yield* Effect.all([loop(0), loop(1), loop(2), loop(3)], { concurrency: "unbounded" }).pipe(
        Effect.timeout("100 seconds")
      )

      const refusedLate = outcomes.filter((o) => o.outcome.outcome === "refused" && o.startedAfterAnswer)
      assert.deepStrictEqual(refusedLate, [], "once it answers, the port stays open")
      const complaints = outcomes.flatMap(({ outcome, what }) =>
        outcome.outcome === "refused" ? [] : [complaint(what, outcome)].filter((c) => c !== undefined)
      )
      assert.deepStrictEqual(complaints, [], "every connection got a whole answer")
      const statuses = new Set(outcomes.flatMap(({ outcome }) => (outcome.outcome === "answered" ? [outcome.status] : [])))
      for (const status of statuses) assert.include([200, 201, 503], status, `status ${status}`)
      assert.isTrue(statuses.has(201), "sessions were created once ready")
      assert.strictEqual(yield* stop(spawned), 0, spawned.output())
    })), 150_000)
})
