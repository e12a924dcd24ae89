import { PgClient } from "@effect/sql-pg"
import { EventWakeups } from "@wagate/core"
import { Effect, Layer, Queue, Schedule } from "effect"

/** The channel the `events` table's trigger NOTIFYs at each commit that inserted events (migration 0003). */
export const EVENTS_CHANNEL = "wagate_events"

/** Forwards every notification of `wagate_events` to the in-process wake-ups, for as long as the layer lives. */
const forwardNotifications = Effect.gen(function*() {
  const local = yield* EventWakeups
  const pg = yield* PgClient.PgClient
  const listening = Effect.scoped(
    Effect.gen(function*() {
      const notifications = yield* pg.listen(EVENTS_CHANNEL)
      // Whatever was committed while no listener was there is found by the first read after this wake-up.
      yield* local.notify
      while (true) {
        yield* Queue.take(notifications)
        yield* local.notify
      }
    })
  )
  yield* listening.pipe(
    Effect.tapError(() => Effect.logWarning("event wake-ups: the LISTEN connection failed; opening it again")),
    Effect.retry(Schedule.spaced("1 second")),
    Effect.forkScoped
  )
})

/**
 * `EventWakeups` on a Postgres server: the in-process wake-ups, plus one `LISTEN wagate_events` connection whose
 * notifications (other processes' commits) wake this process's readers too. A lost listening connection is opened
 * again every second; readers also poll, so a wake-up lost meanwhile only delays an event.
 *
 * Not for the embedded database: a listener holds a connection of its own, and PGlite serves one.
 */
export const EventWakeupsPg: Layer.Layer<EventWakeups, never, PgClient.PgClient> = Layer.effectDiscard(forwardNotifications).pipe(
  Layer.provideMerge(EventWakeups.layerInProcess)
)
