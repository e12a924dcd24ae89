import { OutboxSignals } from "@wagate/core"
import { Effect, Layer, PubSub } from "effect"
import { SessionEntity } from "./SessionEntity.ts"

/**
 * A message accepted by this process wakes its session's drain at once, wherever the session's owner runs (a
 * fire-and-forget `Wake`). A wake-up lost on the way costs the keeper's interval, never a message.
 */
export const QueuedWakeups = Layer.effectDiscard(
  Effect.gen(function*() {
    const client = yield* SessionEntity.client
    // Subscribed before anything can be accepted through this hexagon, so no signal is missed.
    const queued = yield* (yield* OutboxSignals).subscribe
    yield* PubSub.take(queued).pipe(
      Effect.flatMap((owner) => client(owner.sessionId).Wake(undefined, { discard: true }).pipe(Effect.ignore)),
      Effect.forever,
      Effect.forkScoped
    )
  })
)
