/**
 * The sandbox gateway as a real process (`apps/http/src/sandbox/main.ts`, as `npm run sandbox` runs it) joining a
 * protocol simulator the test started (`WAGATE_WA_URL`, `WAGATE_WA_CERT_ROOT`), and pairing sessions on it by QR:
 * what the multi-process tests on the Baileys transport share.
 */
import { assert } from "@effect/vitest"
import { testDatabase, testDatabaseUrl, withDatabase } from "@wagate/store-pg/testing"
import { startWaSim } from "@wagate/wa-sim"
import { Effect, Redacted } from "effect"
import { join } from "node:path"
import { apiCaller, scopedGateway } from "./gatewayProcess.ts"
import { gatewayNodeOptions, repositoryRoot } from "./process.ts"

/** The sandbox's entry point, as `npm run sandbox` runs it. */
const sandboxMain = join(repositoryRoot, "apps", "http", "src", "sandbox", "main.ts")

/**
 * A protocol simulator in this process (closed with the scope), a fresh database on the test server, and the
 * environment of a sandbox gateway that joins both.
 */
export const sandboxWorld = Effect.gen(function*() {
  const sim = yield* Effect.acquireRelease(Effect.promise(() => startWaSim()), (s) => Effect.promise(() => s.close()))
  const base = testDatabaseUrl()
  const database = withDatabase(base, yield* testDatabase(base))
  const env: Record<string, string> = {
    WAGATE_DATABASE_URL: Redacted.value(database),
    WAGATE_WA_URL: sim.url,
    WAGATE_WA_CERT_ROOT: sim.rootPublicKey
  }
  return { sim, database, env }
})

/** A sandbox gateway process with `env` for the life of the scope. */
export const scopedSandboxGateway = (env: Record<string, string>) =>
  scopedGateway(env, { file: process.execPath, args: [...gatewayNodeOptions, sandboxMain] })

/** JSON calls to a sandbox gateway (it accepts the bearer token `sandbox`). */
export const sandboxCall = apiCaller("sandbox")

/**
 * Polls until the session's status is `status`, set at `since` or later (30 s at most); answers the session. A
 * new process starts from what the last one stored (after a crash, `connected`): `since` (its start) tells the
 * status it reached itself from that one.
 */
export const statusBecomes = (port: number, session: string, status: string, since = 0) =>
  Effect.promise(async () => {
    const deadline = Date.now() + 30_000
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${session}`, { headers: { authorization: "Bearer sandbox" } })
      const body = (await response.json()) as { status: string; phoneJid: string | null; lid: string | null; updatedAt: string }
      if (body.status === status && Date.parse(body.updatedAt) >= since) return body
      if (Date.now() > deadline) throw new Error(`session ${session} is ${body.status} since ${body.updatedAt}, not ${status} since ${new Date(since).toISOString()}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

/** Pairs a new session by QR (`GET …/qr`, then the simulated phone scans it through `:link`): `connected`. */
export const pair = Effect.fn("pair")(function*(port: number, id: string) {
  const created = yield* sandboxCall(port, "POST", "/sessions", { id })
  assert.strictEqual(created.status, 201, JSON.stringify(created.body))
  assert.strictEqual(created.body.status, "pairing")
  const qr = yield* sandboxCall(port, "GET", `/sessions/${id}/qr`)
  assert.strictEqual(qr.status, 200, JSON.stringify(qr.body))
  assert.match(qr.body.qr ?? "", /^https:\/\/wa\.me\/settings\/linked_devices#/)
  assert.strictEqual((yield* sandboxCall(port, "POST", `/_simulator/sessions/${id}:link`, {})).status, 204)
  return yield* statusBecomes(port, id, "connected")
})
