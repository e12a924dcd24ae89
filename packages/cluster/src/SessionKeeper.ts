import { MessageStore, now, SessionStore } from "@wagate/core"
import { Duration, Effect, Option } from "effect"
import * as Singleton from "effect/cluster/Singleton"
import { SessionEntity } from "./SessionEntity.ts"

/** How often the keeper looks; with the engine's own re-delivery of keep-alives, a failover is over within it. */
export const KEEP_INTERVAL = Duration.seconds(2)

/** How long one session's `Ensure` or `Wake` may take before the keeper moves on (its owner may be gone). */
const CALL_BUDGET = Duration.seconds(5)

/**
 * One fiber in the whole cluster (a singleton, ADR 0038) that keeps every linked session live and every queue
 * drained: each `KEEP_INTERVAL` it asks each linked session's entity to be live (its socket opens where the cluster
 * places it: after start-up, after a runner died, after shards moved), and wakes the drain of each session with
 * messages due (accepted by a process that did not reach the owner, left by a crash, or due after a retry's backoff).
 */
export const SessionKeeper = Singleton.make(
  "wagate/session-keeper",
  Effect.gen(function*() {
    const client = yield* SessionEntity.client
    const sessions = yield* SessionStore
    const messages = yield* MessageStore
    const ask = (effect: Effect.Effect<void, unknown>) => effect.pipe(Effect.timeout(CALL_BUDGET), Effect.ignore)
    while (true) {
      const stored = yield* sessions.all.pipe(Effect.option)
      if (Option.isSome(stored)) {
        // Every session not logged out: its entity opens the socket of a linked one (as stored, or as the transport's
        // credentials say, for one let go of between its QR scan and its phone being stored).
        const live = stored.value.filter((s) => s.status !== "logged_out")
        yield* Effect.forEach(live, (s) => ask(client(s.id).Ensure()), { concurrency: 64, discard: true })
      }
      const due = yield* Effect.flatMap(now, messages.queuedSessions).pipe(Effect.option)
      if (Option.isSome(due)) {
        yield* Effect.forEach(due.value, (owner) => ask(client(owner.sessionId).Wake(undefined, { discard: true })), {
          concurrency: 64,
          discard: true
        })
      }
      yield* Effect.sleep(KEEP_INTERVAL)
    }
  })
)
