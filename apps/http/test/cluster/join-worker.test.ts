/**
 * Issue 13: a runner joining a running cluster takes a share of the sessions. Two gateway processes own 60
 * sessions paired by QR; then a worker (`npm run worker`: a runner with no API) joins. The worker's share shows as
 * the gateways' `sessionsOwned` dropping, with every session still on exactly one live socket (so the sessions the
 * gateways let go of are connected by the worker) and 0 conflicts; a live action through a gateway then reaches
 * every session, the worker's included.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  clusterState,
  conflicted,
  connected,
  devices,
  notConnected,
  pollUntil,
  sameLastReads,
  sessionsOwned,
  startWorker,
  sum
} from "../support/cluster.ts"
import { pairedCluster, sendThrough } from "../support/clusterSends.ts"

const SESSIONS = 60

describe("a worker joining a cluster of two gateways", () => {
  it.live(`takes a share of ${SESSIONS} sessions: the gateways own fewer, every session on one socket, 0 conflicts`, () =>
    Effect.scoped(Effect.gen(function*() {
      const { world, gateways, sessions, owned: before } = yield* pairedCluster(2, "join", SESSIONS)
      const shardsBefore = yield* Effect.forEach(gateways, (gateway) => Effect.map(clusterState(gateway), (state) => state.shards))

      const joinedAt = Date.now()
      const worker = yield* startWorker(world, "worker")
      const started = Date.now() - joinedAt

      // The gateways let go of some sessions, and every session is on exactly one live socket again: the worker's
      // share is the rest. Settled: the same for three reads in a row, half a second apart (a rebalance may move
      // shards in steps).
      const seen: Array<string> = []
      const settled = yield* pollUntil(
        Effect.all({ owned: sessionsOwned(gateways), devices: devices(world.sim) }),
        ({ owned, devices }) => {
          const done = sum(owned) < SESSIONS && devices.length === SESSIONS && notConnected(devices).length === 0
          seen.push(done ? owned.join(" + ") : "")
          return sameLastReads(seen, 3)
        },
        ({ owned, devices }) => `the gateways own ${owned.join(" + ")} of ${SESSIONS}; not on one socket: ${notConnected(devices).slice(0, 10).join(", ")}`,
        60,
        "500 millis"
      )
      const share = SESSIONS - sum(settled.owned)
      const states = yield* Effect.forEach(gateways, clusterState)
      yield* Effect.logInfo(
        `join: the worker's runner started ${started} ms after spawning; sessions ${before.join(" + ")} → ` +
          `${settled.owned.join(" + ")} + ${share} (worker) ${Date.now() - joinedAt} ms after spawning; shards ` +
          `${shardsBefore.join(" + ")} → ${states.map((state) => state.shards).join(" + ")}`
      )
      assert.isAbove(share, 0, "the worker owns sessions")
      assert.isAtLeast(sum(states.map((state) => state.handoversOut)), share, "the gateways handed the worker's share over")
      for (const [i, state] of states.entries()) {
        assert.isBelow(state.shards, shardsBefore[i] ?? 0, `${gateways[i]?.name} gave shards to the worker`)
      }

      // Every session is connected (the API says so), and a sync send for each through the gateways in turn is
      // answered 200: the worker's sessions send too.
      yield* Effect.forEach(sessions, (session) => connected(gateways[0]!, session, 30, world.sim), { concurrency: 10, discard: true })
      const answers = yield* Effect.forEach(sessions, (session, n) => sendThrough(gateways, n, session, `after join ${n}`, `join-${n}`, ""), {
        concurrency: 6
      })
      assert.deepStrictEqual(
        answers.filter(({ answer }) => answer.status !== 200).slice(0, 5).map(({ answer }) => `${answer.status} ${JSON.stringify(answer.body)}`),
        [],
        "every session sends, wherever it lives"
      )
      assert.strictEqual(sum(yield* sessionsOwned(gateways)), SESSIONS - share, "the sessions stayed where they were")
      assert.deepStrictEqual(notConnected(yield* devices(world.sim)), [], "every session on one live socket")
      assert.deepStrictEqual(conflicted(yield* devices(world.sim)), [], "no conflicts")
      assert.strictEqual(worker.process.child.exitCode, null, "the worker runs on")
    })), 240_000)
})
