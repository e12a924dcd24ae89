import { Context, Effect, Layer, RcMap, Scope, Semaphore } from "effect"
import type { SessionId } from "../domain/Ids.ts"

/**
 * One writer at a time per session, for everything in the hexagon that writes a session's stored view: the live
 * use-cases and the inbound sync (ADR 0013). Build it once per hexagon, so both share it; two hexagons (two
 * layers) never share writers.
 *
 * The semaphores live in a reference-counted map: a session's entry exists while a writer holds it or waits for
 * it, and is dropped when the last one is done, so the map holds the sessions being written now, not every
 * session ever written.
 */
export class SessionWriters extends Context.Service<SessionWriters, {
  /** Runs `effect` as the session's only writer, waiting for the current one if there is one. */
  readonly exclusive: (sessionId: SessionId) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** How many sessions have a writer or a waiter now. */
  readonly size: Effect.Effect<number>
}>()("@wagate/core/SessionWriters") {
  /** The writers of one hexagon, for the life of the layer. */
  static readonly layer: Layer.Layer<SessionWriters> = Layer.effect(
    SessionWriters,
    Effect.gen(function*() {
      // An idle entry is released at once (no time to live): only current writers and waiters hold one.
      const semaphores = yield* RcMap.make({ lookup: (_: SessionId) => Semaphore.make(1) })
      return SessionWriters.of({
        exclusive: (sessionId) => (effect) =>
          Effect.scopedWith((scope) =>
            RcMap.get(semaphores, sessionId).pipe(
              Scope.provide(scope),
              Effect.flatMap((semaphore) => semaphore.withPermits(1)(effect))
            )
          ),
        size: Effect.map(RcMap.keys(semaphores), (keys) => Array.from(keys).length)
      })
    })
  )
}

/**
 * Runs `effect` as the session's only writer: a use-case's WhatsApp call with the store write that follows it, or
 * the application of one inbound change. Without it, a notification WhatsApp sent before a local action (a join)
 * could be written after that action's own write (a leave) and undo it.
 */
export const exclusive = (sessionId: SessionId) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | SessionWriters> =>
  SessionWriters.use((writers) => writers.exclusive(sessionId)(effect))
