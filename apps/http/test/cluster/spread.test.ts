/**
 * Issue 13: sessions spread over the runners, and a live action through each gateway reaches the session's owner.
 * Three gateway processes on one Postgres database and one protocol simulator; 60 sessions paired by QR, each
 * through the next gateway in turn. Each gateway owns some of them and the three own 60 in all; then every gateway
 * creates a group for every session (so for the sessions the other two own): each is created by the session's own
 * phone, on the one socket the session has (a gateway serving a session it does not own by opening a socket of its
 * own would show as a second socket, or a conflict, in the simulator).
 */
import { assert, describe, it } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { Effect } from "effect"
import {
  call,
  clusterState,
  clusterWorld,
  conflicted,
  devices,
  everyDeviceConnected,
  ownedAddUpTo,
  pairAll,
  said,
  sessionIds,
  startCluster
} from "../support/cluster.ts"

const SESSIONS = 60
const MEMBER = "6281111111111@s.whatsapp.net"

describe("sessions spread over three gateways", () => {
  it.live(`${SESSIONS} sessions spread over three gateways; a live action through each gateway reaches the session's owner`, () =>
    Effect.scoped(Effect.gen(function*() {
      const world = yield* clusterWorld()
      const gateways = yield* startCluster(world, 3)
      const sessions = sessionIds("spread", SESSIONS)
      yield* pairAll(world, gateways, sessions)

      // Each gateway's runner is registered with shards, owns some sessions, and the three own every session once.
      const owned = yield* ownedAddUpTo(gateways, SESSIONS, 30)
      for (const [i, gateway] of gateways.entries()) {
        const state = yield* clusterState(gateway)
        assert.strictEqual(state.mode, "socket", gateway.name)
        assert.strictEqual(state.runner, `127.0.0.1:${gateway.runnerPort}`, gateway.name)
        assert.isTrue(state.registered, `${gateway.name} is registered`)
        assert.isAbove(state.shards, 0, `${gateway.name} holds shards`)
        assert.isAbove(owned[i] ?? 0, 0, `${gateway.name} owns sessions: ${owned.join(" + ")}`)
        assert.isBelow(owned[i] ?? 0, SESSIONS, `${gateway.name} does not own every session: ${owned.join(" + ")}`)
      }

      // Every gateway creates a group for every session: most of them are owned by another gateway.
      const created = yield* Effect.forEach(gateways, (gateway) =>
        Effect.forEach(sessions, (session) =>
          Effect.map(
            call(gateway.port, "POST", `/sessions/${session}/groups`, { name: `${session} by ${gateway.name}`, participants: [MEMBER] }),
            (answer) => ({ gateway: gateway.name, session, answer })
          ), { concurrency: 6 }), { concurrency: "unbounded" })
      const all = created.flat()
      const refused = all.filter(({ answer }) => answer.status !== 201)
      assert.deepStrictEqual(
        refused.slice(0, 5).map(({ answer, gateway, session }) => `${session} through ${gateway}: ${answer.status} ${JSON.stringify(answer.body)}`),
        [],
        `${refused.length} of ${all.length} refused; the gateways said:\n${gateways.map((gateway) => `${gateway.name}:\n${said(gateway)}`).join("\n")}`
      )
      assert.strictEqual(all.length, SESSIONS * gateways.length)

      // WhatsApp has each group, created by the session's own phone.
      const wrongCreator = all.filter(({ answer, session }) =>
        world.sim.control.group(answer.body.groupJid ?? "").creator !== `${simulatedPhoneNumber(session)}@s.whatsapp.net`
      )
      assert.deepStrictEqual(wrongCreator.map(({ session, gateway }) => `${session} through ${gateway}`), [], "each group created by its session's phone")

      // Still one socket per session, never replaced, and the sessions stayed where they were.
      yield* everyDeviceConnected(world.sim, SESSIONS, 5)
      assert.deepStrictEqual(conflicted(yield* devices(world.sim)), [], "no conflicts")
      assert.deepStrictEqual(yield* ownedAddUpTo(gateways, SESSIONS, 5), owned, "ownership did not move")
    })), 240_000)
})
