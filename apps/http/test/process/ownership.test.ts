/**
 * One owner per database: two real gateway processes on one Postgres database, both on the `baileys` transport
 * pointed at one protocol simulator. The first takes the advisory lock and owns every socket; the second opens
 * none, says so at start-up, serves stored reads, and answers live actions 501 saying why. The simulator sees no
 * socket of the session replaced by another (0 conflicts).
 */
import { assert, describe, it } from "@effect/vitest"
import { testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { startWaSim } from "@wagate/wa-sim"
import { Effect } from "effect"
import { freePort, readyPort } from "../support/process.ts"
import { apiCaller, scopedGateway, stopGateway } from "../support/gatewayProcess.ts"

const TOKEN = "owner-token"

const gateway = (env: Record<string, string>) =>
  scopedGateway({ WAGATE_TRANSPORT: "baileys", WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`, ...env })

const stop = stopGateway

const call = apiCaller(TOKEN)

/** Polls until the session's stored status is `status` (30 s at most). */
const statusBecomes = (port: number, session: string, status: string) =>
  Effect.promise(async () => {
    const deadline = Date.now() + 30_000
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${session}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      const body = (await response.json()) as { status: string }
      if (body.status === status) return body
      if (Date.now() > deadline) throw new Error(`session ${session} is ${body.status}, not ${status}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

describe("one owner per database", () => {
  it.live("a second gateway on the same Postgres database opens no socket, says so, serves stored reads and answers live actions 501; the simulator sees 0 conflicts", () =>
    Effect.scoped(Effect.gen(function*() {
      const sim = yield* Effect.acquireRelease(Effect.promise(() => startWaSim()), (s) => Effect.promise(() => s.close()))
      const base = testDatabaseUrl()
      const url = new URL(base)
      url.pathname = `/${yield* testDatabase(base)}`
      const env = { WAGATE_DATABASE_URL: url.toString(), WAGATE_WA_URL: sim.url, WAGATE_WA_CERT_ROOT: sim.rootPublicKey }

      const first = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const firstPort = yield* Effect.promise(() => readyPort(first))
      assert.notMatch(first.output(), /opens no socket/)
      assert.notMatch(first.output(), /webhooks are delivered by the process that owns the transport/, "the owner delivers webhooks")

      // The first links a session by QR, scanned by the simulated phone.
      assert.strictEqual((yield* call(firstPort, "POST", "/sessions", { id: "owned" })).status, 201)
      const qr = yield* call(firstPort, "GET", "/sessions/owned/qr")
      assert.strictEqual(qr.status, 200)
      yield* Effect.promise(() => sim.control.scan({ qr: qr.body.qr ?? "", sessionId: "owned" }))
      yield* statusBecomes(firstPort, "owned", "connected")

      const second = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const secondPort = yield* Effect.promise(() => readyPort(second))
      const said = second.output().split("\n").filter((line) => line.includes("opens no socket"))
      assert.strictEqual(said.length, 1, second.output())
      assert.match(said[0] ?? "", /another gateway process \(wagate\), Postgres backend pid \d+ .*owns the WhatsApp connections of this database/)
      // Only the owner delivers webhooks (two dispatchers would deliver every event twice).
      yield* Effect.promise(() => second.waitFor(/webhooks are delivered by the process that owns the transport/))

      // Stored reads are served; live actions, and asking for a QR (which would open a socket), answer 501.
      const stored = yield* call(secondPort, "GET", "/sessions/owned")
      assert.strictEqual(stored.status, 200)
      assert.strictEqual(stored.body.status, "connected")
      const live = yield* call(secondPort, "POST", "/sessions/owned/groups", { name: "From the second", participants: ["6281111111111@s.whatsapp.net"] })
      assert.strictEqual(live.status, 501, JSON.stringify(live.body))
      assert.strictEqual(live.body.error?.code, "not_implemented")
      assert.include(live.body.error?.message ?? "", "does not own the WhatsApp connections of its database")
      const qrAgain = yield* call(secondPort, "GET", "/sessions/owned/qr")
      assert.strictEqual(qrAgain.status, 501, JSON.stringify(qrAgain.body))
      const created = yield* call(secondPort, "POST", "/sessions", { id: "made-by-second" })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.status, "disconnected")

      // The owner goes on working, on the only socket of its device.
      const group = yield* call(firstPort, "POST", "/sessions/owned/groups", { name: "From the owner", participants: ["6281111111111@s.whatsapp.net"] })
      assert.strictEqual(group.status, 201, JSON.stringify(group.body))
      const devices = sim.control.devices()
      assert.strictEqual(devices.length, 1)
      assert.strictEqual(devices[0]?.liveSockets, 1)
      assert.strictEqual(devices[0]?.conflicts, 0)

      assert.strictEqual(yield* stop(second), 0)
      assert.strictEqual(yield* stop(first), 0)
      assert.strictEqual(sim.control.devices()[0]?.conflicts, 0)
    })), 180_000)
})
