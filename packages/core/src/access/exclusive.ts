import { Context, Effect, Semaphore } from "effect"
import type { SessionId } from "../domain/Ids.ts"

/** One semaphore per session, shared by everything in the process that writes a session's stored view. */
const SessionWriters = Context.Reference<Map<SessionId, Semaphore.Semaphore>>("@wagate/core/SessionWriters", {
  defaultValue: () => new Map()
})

/**
 * Runs `effect` as the session's only writer: a use-case's WhatsApp call with the store write that follows it, or
 * the application of one inbound change. Without it, a notification WhatsApp sent before a local action (a join)
 * could be written after that action's own write (a leave) and undo it.
 */
export const exclusive = (sessionId: SessionId) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const writers = yield* SessionWriters
    let semaphore = writers.get(sessionId)
    if (semaphore === undefined) {
      semaphore = Semaphore.makeUnsafe(1)
      writers.set(sessionId, semaphore)
    }
    return yield* semaphore.withPermits(1)(effect)
  })
