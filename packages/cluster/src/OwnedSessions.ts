import type { SessionId } from "@wagate/core"
import { Context, Effect, Layer } from "effect"

/** The sessions whose socket this process holds now, and the hand-overs it has seen, for `ClusterStatus`. */
export class OwnedSessions extends Context.Service<OwnedSessions, {
  /** A linked session's entity became active here: its socket is this process's now. */
  readonly took: (sessionId: SessionId) => Effect.Effect<void>
  /** The session left this process; `handedOver`: without a logout (its shard moved, or the process stops). */
  readonly let: (sessionId: SessionId, handedOver: boolean) => Effect.Effect<void>
  readonly counts: Effect.Effect<{ readonly owned: number; readonly handoversIn: number; readonly handoversOut: number }>
}>()("@wagate/cluster/OwnedSessions") {
  static readonly layer: Layer.Layer<OwnedSessions> = Layer.sync(OwnedSessions, () => {
    const owned = new Set<SessionId>()
    let handoversIn = 0
    let handoversOut = 0
    return OwnedSessions.of({
      took: (sessionId) =>
        Effect.sync(() => {
          if (owned.has(sessionId)) return
          owned.add(sessionId)
          handoversIn += 1
        }),
      let: (sessionId, handedOver) =>
        Effect.sync(() => {
          if (!owned.delete(sessionId)) return
          if (handedOver) handoversOut += 1
        }),
      counts: Effect.sync(() => ({ owned: owned.size, handoversIn, handoversOut }))
    })
  })
}
