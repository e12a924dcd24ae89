import type { SessionId, SessionWriters } from "@wagate/core"
import { Deferred, Duration, Effect } from "effect"

/**
 * The leases on one session's writer that writers in other processes hold (`Hold`/`Release`): each is a fiber of
 * the entity holding the local writer until released, for `leaseMillis` at most, or until the entity stops.
 */
export const makeLeases = Effect.fnUntraced(function*(sessionId: SessionId, writers: SessionWriters["Service"]) {
  const scope = yield* Effect.scope
  const held = new Map<string, Deferred.Deferred<void>>()
  let next = 0

  const hold = (leaseMillis: number) =>
    Effect.gen(function*() {
      const lease = `${sessionId}/${++next}`
      const acquired = yield* Deferred.make<void>()
      const released = yield* Deferred.make<void>()
      held.set(lease, released)
      yield* writers.exclusive(sessionId)(
        Effect.andThen(Deferred.succeed(acquired, undefined), Effect.timeoutOption(Deferred.await(released), Duration.millis(leaseMillis)))
      ).pipe(Effect.ensuring(Effect.sync(() => held.delete(lease))), Effect.forkIn(scope))
      // A caller that gives up waiting lets go of what it would have held.
      yield* Deferred.await(acquired).pipe(Effect.onInterrupt(() => Deferred.succeed(released, undefined)))
      return lease
    })

  const release = (lease: string) =>
    Effect.suspend(() => {
      const released = held.get(lease)
      return released === undefined ? Effect.void : Effect.asVoid(Deferred.succeed(released, undefined))
    })

  return { hold, release }
})
