/**
 * Issue 13: a runner stopped gracefully (SIGTERM) hands its sessions over without a dropped send. Three gateway
 * processes, 60 sessions paired by QR; clients keep sending (async, each message with its own Idempotency-Key,
 * through the three gateways in turn, retried on the next gateway when a request gets no answer or a 5xx) while the
 * gateway owning the most sessions is sent SIGTERM. It exits 0; its sessions are connected again on the other two;
 * the simulator sees 0 conflicts; every accepted send reaches WhatsApp once by its message id, and is stored once.
 * (A send in flight at the hand-over may be submitted again by the next owner under the same id, which WhatsApp acks
 * without delivering it twice: counted in the log line, not refused.)
 */
import { assert, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { Effect, Fiber } from "effect"
import {
  clusterState,
  conflicted,
  connected,
  devices,
  ownedAddUpTo,
  pollUntil,
  reconnection,
  said
} from "../support/cluster.ts"
import { type Accepted, assertSentOnce, pairedCluster, sendThrough, sentIds, storedCount, untilReceived, victimOf } from "../support/clusterSends.ts"

const SESSIONS = 60
/** Sends accepted before the SIGTERM, and after the hand-over, at least. */
const BEFORE = 60
const AFTER = 60
/** Clients sending at once. */
const LANES = 6

describe("a gateway stopped (SIGTERM) in a cluster of three", () => {
  it.live("hands its sessions over while sends are accepted: exit 0, no accepted send lost or doubled, 0 conflicts", () =>
    Effect.scoped(Effect.gen(function*() {
      const { world, gateways, sessions, owned } = yield* pairedCluster(3, "term", SESSIONS)
      const { victimIndex, victim, survivors } = victimOf(gateways, owned)

      // The clients: each takes the next message number, sends it, and goes on until told to stop.
      const accepted: Array<Accepted> = []
      const unexpected: Array<string> = []
      const retried: Array<string> = []
      let next = 0
      let stop = false
      const lane = Effect.gen(function*() {
        while (!stop) {
          const n = next++
          const session = sessions[n % SESSIONS]!
          const key = `term-${n}`
          const sent = yield* sendThrough(gateways, n, session, `term ${n}`, key)
          retried.push(...sent.retried.map((retry) => `${key} ${retry}`))
          if (sent.answer.status === 202 && sent.answer.body.id !== undefined) accepted.push({ session, id: sent.answer.body.id, key })
          else unexpected.push(`${key}: ${sent.answer.status} ${JSON.stringify(sent.answer.body)}`)
        }
      })
      const clients = yield* Effect.forkChild(Effect.all(Array.from({ length: LANES }, () => lane), { concurrency: "unbounded", discard: true }))
      yield* pollUntil(Effect.sync(() => accepted.length), (n) => n >= BEFORE, (n) => `${n} sends accepted of ${BEFORE}`, 60)

      // SIGTERM while the clients send; the victim's sessions come back on the others.
      const termAt = Date.now()
      victim.process.child.kill("SIGTERM")
      const exit = yield* Effect.forkChild(Effect.promise(() => victim.process.exited.then((code) => ({ code, ms: Date.now() - termAt }))))
      const back = yield* reconnection(world.sim, SESSIONS, owned[victimIndex] ?? 0, 60)
      const handoverMs = Date.now() - termAt
      const { code: exitCode, ms: exitMs } = yield* Fiber.join(exit)
      assert.strictEqual(exitCode, 0, `${victim.name} exits 0; it said:\n${said(victim)}`)
      const moved = sessions.filter((session) => [...back.dropped].some((jid) => jid.startsWith(`${simulatedPhoneNumber(session)}:`)))
      // The stopped gateway's sessions moved; a rebalance among the survivors may move a few of theirs as well.
      assert.isAtLeast(moved.length, owned[victimIndex] ?? 0, "the stopped gateway's sessions moved")
      const ownedAfter = yield* ownedAddUpTo(survivors, SESSIONS, 30)
      const survivorStates = yield* Effect.forEach(survivors, clusterState)
      yield* Effect.forEach(sessions, (session) => connected(survivors[0]!, session, 30, world.sim), { concurrency: 10, discard: true })
      const atExit = accepted.length

      // The clients go on through the survivors, then stop.
      yield* pollUntil(Effect.sync(() => accepted.length), (n) => n >= atExit + AFTER, (n) => `${n - atExit} sends accepted after the exit of ${AFTER}`, 60)
      stop = true
      yield* Fiber.join(clients)
      yield* Effect.logInfo(
        `handover: ${victim.name} owned ${owned[victimIndex]} of ${SESSIONS} (${owned.join(" + ")}); all connected again ${handoverMs} ms ` +
          `after SIGTERM, exit 0 after ${exitMs} ms; ${accepted.length} sends accepted (${atExit} by the exit); ` +
          `answers retried on another gateway: ${retried.length} (${retried.slice(0, 5).join(", ")}); ${moved.length} sessions ` +
          `moved; the survivors own ${ownedAfter.join(" + ")}, hand-overs in ${survivorStates.map((state) => state.handoversIn).join(" + ")}, ` +
          `out ${survivorStates.map((state) => state.handoversOut).join(" + ")}`
      )
      assert.deepStrictEqual(unexpected, [], "every send was accepted (202)")

      const waIdOf = yield* sentIds(survivors[0]!, accepted, 60)
      const waIds = accepted.map((message) => waIdOf.get(message.id) ?? "")
      yield* untilReceived(world.sim, sessions, waIds, 30)
      const resent = assertSentOnce(world.sim, sessions, waIds)
      yield* Effect.logInfo(`handover: ${resent.length} message ids submitted again by the new owners (acked, not delivered twice)`)
      assert.strictEqual(yield* storedCount(world.database, sessions), accepted.length, "each accepted send stored once")
      assert.deepStrictEqual(conflicted(yield* devices(world.sim)), [], "no conflicts")
    })), 240_000)
})
