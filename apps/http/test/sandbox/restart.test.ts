/**
 * Issue 10, through HTTP and real processes: the sandbox gateway (`apps/http/src/sandbox/main.ts`, as
 * `npm run sandbox` runs it) on a fresh Postgres database, joining a protocol simulator this test started
 * (`WAGATE_WA_URL`, `WAGATE_WA_CERT_ROOT`). Sessions pair by QR; the gateway stops and a NEW process on the same
 * database reconnects every linked session from the stored credentials, with no pairing; `:unlink` then logs one
 * out and its credentials and Signal keys are gone from the store (read on the same database), the other's stay;
 * after a crash (SIGKILL) a third process resumes the linked session and leaves the logged-out one out.
 */
import { assert, describe, it } from "@effect/vitest"
import { AuthStateStore, SessionId } from "@wagate/core"
import { PgStore } from "@wagate/store-pg"
import type { WaSim } from "@wagate/wa-sim"
import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { stopGateway } from "../support/gatewayProcess.ts"
import { eventually, freePort, readyPort, type Spawned } from "../support/process.ts"
import { pair, sandboxCall, sandboxWorld, scopedSandboxGateway, statusBecomes } from "../support/sandboxProcess.ts"

const gateway = scopedSandboxGateway

const stop = stopGateway

const call = sandboxCall

/** The simulator's linked devices by phone JID: device JID, live sockets, conflicts. */
const devicesOf = (sim: WaSim) =>
  new Map(sim.control.devices().map((d) => [d.phoneJid, { jid: d.jid, liveSockets: d.liveSockets, conflicts: d.conflicts }]))

/** Polls the simulator until `done` holds of its devices (20 s at most). */
const devicesBecome = (sim: WaSim, what: string, done: (devices: ReturnType<typeof devicesOf>) => boolean) =>
  Effect.promise(() => eventually(`${what} (devices ${JSON.stringify([...devicesOf(sim)])} at the start)`, () => done(devicesOf(sim)), 20_000))

const noErrorLines = (spawned: Spawned) => assert.notMatch(spawned.output(), /"level":"(ERROR|FATAL)"/, spawned.output())

describe("sandbox restart: a new gateway process on the same database", () => {
  it.live("reconnects every linked session with no pairing, after a stop and after a crash; :unlink → logged_out and its credentials are gone from the store", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sim, database, env } = yield* sandboxWorld

      // The first process pairs two sessions and creates a group.
      const first = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const firstPort = yield* Effect.promise(() => readyPort(first))
      const alice = yield* pair(firstPort, "rs-alice")
      const bob = yield* pair(firstPort, "rs-bob")
      const member = "628310000001@s.whatsapp.net"
      const group = yield* call(firstPort, "POST", "/sessions/rs-alice/groups", { name: "Survives", participants: [member] })
      assert.strictEqual(group.status, 201, JSON.stringify(group.body))
      const linked = devicesOf(sim)
      assert.strictEqual(linked.size, 2)
      assert.strictEqual(linked.get(alice.phoneJid ?? "")?.liveSockets, 1)
      assert.strictEqual(linked.get(bob.phoneJid ?? "")?.liveSockets, 1)

      assert.strictEqual(yield* stop(first), 0, first.output())
      noErrorLines(first)
      yield* devicesBecome(sim, "the stopped gateway's sockets close", (d) => [...d.values()].every((x) => x.liveSockets === 0))

      // A new process on the same database: both sessions connect again by themselves, no QR, no :link.
      const secondStart = Date.now()
      const second = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const secondPort = yield* Effect.promise(() => readyPort(second))
      const aliceAgain = yield* statusBecomes(secondPort, "rs-alice", "connected", secondStart)
      const bobAgain = yield* statusBecomes(secondPort, "rs-bob", "connected", secondStart)
      assert.deepStrictEqual([aliceAgain.phoneJid, aliceAgain.lid], [alice.phoneJid, alice.lid])
      assert.deepStrictEqual([bobAgain.phoneJid, bobAgain.lid], [bob.phoneJid, bob.lid])
      yield* devicesBecome(sim, "each session on one socket again", (d) => [...d.values()].every((x) => x.liveSockets === 1))
      const resumed = devicesOf(sim)
      assert.strictEqual(resumed.size, 2, "no device was linked anew")
      for (const [phone, device] of linked) {
        assert.strictEqual(resumed.get(phone)?.jid, device.jid, "the same linked device, from the stored credentials")
        assert.strictEqual(resumed.get(phone)?.conflicts, 0)
      }
      // The resumed session works: its stored group is there and a send to it reaches the member, decrypted.
      const stored = yield* call(secondPort, "GET", "/sessions/rs-alice/groups")
      assert.deepStrictEqual((stored.body.items ?? []).map((g) => g.groupJid), [group.body.groupJid])
      const sent = yield* call(secondPort, "POST", "/sessions/rs-alice/messages", { type: "text", to: group.body.groupJid, text: "after the restart" })
      assert.strictEqual(sent.status, 200, JSON.stringify(sent.body))
      assert.strictEqual(sent.body.status, "sent")
      yield* Effect.promise(() =>
        eventually("the member receives the message sent after the restart", () =>
          sim.control.messages({ jid: member }).some((m) =>
            m.chat === group.body.groupJid && m.content.kind === "text" && m.content.text === "after the restart"
          ), 20_000)
      )

      // The phone unlinks bob's device: logged_out, and its credentials and Signal keys are gone from the store.
      assert.strictEqual((yield* call(secondPort, "POST", "/_simulator/sessions/rs-bob:unlink")).status, 204)
      yield* statusBecomes(secondPort, "rs-bob", "logged_out")
      const store = PgStore.layer.pipe(Layer.provideMerge(PgStore.layerUrl(database, { maxConnections: 1 })))
      const kept = yield* Effect.gen(function*() {
        const auth = yield* AuthStateStore
        const sql = yield* SqlClient
        const keys = (id: string) => Effect.map(sql<{ n: number }>`SELECT count(*)::int AS n FROM auth_keys WHERE session_id = ${id}`, (rows) => rows[0]?.n)
        return {
          bob: { credentials: Option.isSome(yield* auth.loadCredentials(SessionId.make("rs-bob"))), keys: yield* keys("rs-bob") },
          alice: { credentials: Option.isSome(yield* auth.loadCredentials(SessionId.make("rs-alice"))), keys: yield* keys("rs-alice") }
        }
      }).pipe(Effect.provide(store), Effect.orDie)
      assert.deepStrictEqual(kept.bob, { credentials: false, keys: 0 })
      assert.isTrue(kept.alice.credentials, "a session still linked keeps its credentials")
      assert.isAbove(kept.alice.keys ?? 0, 0)
      assert.strictEqual((yield* statusBecomes(secondPort, "rs-alice", "connected")).phoneJid, alice.phoneJid, "alice goes on unaffected")

      // A crash (SIGKILL) and a third process: the linked session resumes again, the logged-out one stays out.
      second.child.kill("SIGKILL")
      yield* Effect.promise(() => second.exited)
      noErrorLines(second)
      yield* devicesBecome(sim, "the killed gateway's sockets close", (d) => [...d.values()].every((x) => x.liveSockets === 0))
      const thirdStart = Date.now()
      const third = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const thirdPort = yield* Effect.promise(() => readyPort(third))
      yield* statusBecomes(thirdPort, "rs-alice", "connected", thirdStart)
      yield* devicesBecome(sim, "alice on one socket again", (d) => d.get(alice.phoneJid ?? "")?.liveSockets === 1)
      assert.strictEqual((yield* call(thirdPort, "GET", "/sessions/rs-bob")).body.status, "logged_out")
      assert.deepStrictEqual([...devicesOf(sim).keys()], [alice.phoneJid], "bob's device is gone and was not linked again")
      assert.strictEqual(devicesOf(sim).get(alice.phoneJid ?? "")?.conflicts, 0)
      // Bob pairs again like a new session.
      const qrAgain = yield* call(thirdPort, "GET", "/sessions/rs-bob/qr")
      assert.strictEqual(qrAgain.status, 200, JSON.stringify(qrAgain.body))
      assert.match(qrAgain.body.qr ?? "", /^https:\/\/wa\.me\/settings\/linked_devices#/)
      assert.strictEqual(yield* stop(third), 0, third.output())
      noErrorLines(third)
    })), 120_000)

  // API.md: `disconnected` means the gateway is not trying (stopped). The core's InboundSync records it for the
  // sessions its transport holds as the process stops (the transport's own pushes come after its consumer is gone).
  it("a gateway stopped by SIGTERM leaves its sessions disconnected in the store", () =>
    Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const { database, env } = yield* sandboxWorld
      const spawned = yield* gateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      yield* pair(yield* Effect.promise(() => readyPort(spawned)), "rs-stopped")
      assert.strictEqual(yield* stop(spawned), 0, spawned.output())
      const stored = yield* Effect.gen(function*() {
        const sql = yield* SqlClient
        return yield* sql<{ status: string }>`SELECT status FROM sessions WHERE id = 'rs-stopped'`
      }).pipe(Effect.provide(PgStore.layerUrl(database, { maxConnections: 1 })), Effect.orDie)
      assert.deepStrictEqual(stored.map((row) => row.status), ["disconnected"])
    }))), 60_000)
})
