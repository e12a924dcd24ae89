/**
 * Issue 13: a runner dies (SIGKILL) with messages queued. Three gateway processes, 60 sessions paired by QR; an
 * SSE client on one that survives; 200 async sends across the sessions, through all three gateways, accepted just
 * before the gateway owning the most sessions is killed. Its sessions are connected again on the others within
 * 10 s of the kill (measured on the simulator's live sockets), the simulator never sees two live sockets of one
 * device (0 conflicts), every accepted message reaches WhatsApp once by its message id, and the SSE client keeps
 * receiving: the message events of every session, wherever it now lives, after the kill.
 */
import { assert, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { Effect, Fiber } from "effect"
import {
  clusterState,
  conflicted,
  connected,
  devices,
  kill,
  ownedAddUpTo,
  pollUntil,
  reconnection,
  said,
  TOKEN
} from "../support/cluster.ts"
import {
  type Accepted,
  assertSentOnce,
  seenBySimulator,
  sendThrough,
  pairedCluster,
  sentIds,
  storedCount,
  untilReceived,
  victimOf
} from "../support/clusterSends.ts"
import { onlyEvents, openSse, type SseEvent } from "../support/sse.ts"

const SESSIONS = 60
/** Async sends accepted just before the kill. */
const QUEUED = 200
/** The failover target. */
const FAILOVER_MS = 10_000

describe("a gateway killed (SIGKILL) in a cluster of three", () => {
  it.live(`its sessions are connected again elsewhere within ${FAILOVER_MS / 1000} s; no queued message lost or sent twice; 0 conflicts; SSE goes on`, () =>
    Effect.scoped(Effect.gen(function*() {
      const { world, gateways, sessions, owned } = yield* pairedCluster(3, "kill", SESSIONS)

      // The victim owns the most sessions; the SSE client listens on a survivor.
      const { victimIndex, victim, survivors } = victimOf(gateways, owned)
      const listener = survivors[0]!
      const sse = yield* openSse(`http://127.0.0.1:${listener.port}/api/v1/events?types=message.status`, TOKEN)
      assert.strictEqual(sse.status, 200, sse.text)
      const events: Array<SseEvent> = []
      const reading = yield* Effect.forkChild(sse.readUntil((items) => {
        events.push(...onlyEvents(items.slice(-1)))
        return false
      }, 600_000))

      // 200 async sends, session by session in turn, through the three gateways in turn: all accepted (202).
      const sendAll = (prefix: string, count: number, through: typeof gateways, query: string) =>
        Effect.forEach(Array.from({ length: count }, (_, n) => n), (n) => {
          const session = sessions[n % SESSIONS]!
          const key = `${prefix}-${n}`
          return Effect.map(sendThrough(through, n, session, `${prefix} ${n}`, key, query), ({ answer, retried }) => {
            assert.deepStrictEqual(retried, [], `${key} was answered at once`)
            assert.strictEqual(answer.status, query === "" ? 200 : 202, `${key}: ${JSON.stringify(answer.body)}`)
            const accepted: Accepted = { session, id: answer.body.id ?? "", key }
            return accepted
          })
        }, { concurrency: 10 })
      const queued = yield* sendAll("queued", QUEUED, gateways, "?async=true")
      const submittedBeforeKill = new Set(seenBySimulator(world.sim, sessions).submitted.keys())

      const killedAt = Date.now()
      yield* kill(victim)
      const back = yield* reconnection(world.sim, SESSIONS, owned[victimIndex] ?? 0, 60)
      const failoverMs = Date.now() - killedAt
      const moved = sessions.filter((session) =>
        [...back.dropped].some((jid) => jid.startsWith(`${simulatedPhoneNumber(session)}:`))
      )
      yield* Effect.logInfo(
        `failover: ${victim.name} owned ${owned[victimIndex]} of ${SESSIONS} (${owned.join(" + ")}); all ${SESSIONS} connected again ` +
          `${failoverMs} ms after the kill; ${submittedBeforeKill.size} of ${QUEUED} queued messages were with WhatsApp at the kill`
      )
      assert.isBelow(failoverMs, FAILOVER_MS, `all sessions connected again ${failoverMs} ms after the kill`)
      // The victim's sessions lost their socket; a rebalance among the survivors may move a few of theirs as well.
      assert.isAtLeast(moved.length, owned[victimIndex] ?? 0, "the victim's sessions lost their socket")
      assert.deepStrictEqual(conflicted(yield* devices(world.sim)), [], "no conflicts")
      const ownedAfter = yield* ownedAddUpTo(survivors, SESSIONS, 30)
      const survivorStates = yield* Effect.forEach(survivors, clusterState)
      yield* Effect.logInfo(
        `failover: ${moved.length} sessions lost their socket (the victim owned ${owned[victimIndex]}); the survivors own ` +
          `${ownedAfter.join(" + ")}, hand-overs in ${survivorStates.map((state) => state.handoversIn).join(" + ")}, ` +
          `out ${survivorStates.map((state) => state.handoversOut).join(" + ")}`
      )
      yield* Effect.forEach(sessions, (session) => connected(listener, session, 30, world.sim), { concurrency: 10, discard: true })

      // After the kill, a sync send for every session through the survivors in turn: answered 200 (sent), the
      // moved sessions' included.
      const after = yield* sendAll("after", SESSIONS, survivors, "")
      const accepted = [...queued, ...after]

      // Every accepted message is sent, under the id the recipient's phone received once; none other went out.
      const waIdOf = yield* sentIds(listener, accepted, 60)
      const waIds = accepted.map((message) => waIdOf.get(message.id) ?? "")
      yield* untilReceived(world.sim, sessions, waIds, 30)
      const resent = assertSentOnce(world.sim, sessions, waIds)
      const leftOnVictim = queued.filter((message) => moved.includes(message.session) && !submittedBeforeKill.has(waIdOf.get(message.id) ?? ""))
      assert.strictEqual(yield* storedCount(world.database, sessions), accepted.length, "no message stored twice")
      assert.deepStrictEqual(
        resent.filter((id) => !moved.some((session) => world.sim.control.submissions({ sessionId: session }).some((m) => m.id === id))),
        [],
        "only a message in flight on the killed process may have been submitted again (same id, not delivered twice)"
      )
      yield* Effect.logInfo(
        `failover: ${leftOnVictim.length} queued messages of the killed gateway's sessions went out after the kill; ` +
          `${resent.length} message ids submitted again by the new owners (acked, not delivered twice)`
      )

      // The SSE client on a survivor saw every message sent after the kill: those of moved sessions, those of the
      // other survivor's, its own process's.
      const sentEvents = () =>
        new Set(events.filter((event) => event.data.data["status"] === "sent").map((event) => String(event.data.data["id"])))
      yield* pollUntil(
        Effect.sync(() => after.filter((message) => !sentEvents().has(message.id))),
        (missing) => missing.length === 0,
        (missing) => `the SSE client on ${listener.name} saw no sent event for ${missing.length} of ${after.length} sends after the kill`,
        30
      )
      assert.isFalse(sse.ended(), "the event stream is still open")
      yield* Fiber.interrupt(reading)
      assert.deepStrictEqual(conflicted(yield* devices(world.sim)), [], `no conflicts; the killed gateway said:\n${said(victim)}`)
    })), 240_000)
})
