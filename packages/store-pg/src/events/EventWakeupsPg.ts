import { PgClient } from "@effect/sql-pg"
import { EventWakeups, wakeupHub } from "@wagate/core"
import { Effect, Layer, Queue, Schedule } from "effect"

/** The channel on which gateway processes tell each other that they committed events. */
export const EVENTS_CHANNEL = "wagate_events"

/**
 * `EventWakeups` on a Postgres server shared by several processes: the in-process wake-ups, plus
 * - telling: after this process's commits, a `NOTIFY wagate_events` of its own (coalesced: one in flight at a time,
 *   and the commits made meanwhile share the next one). It is sent after the commit, not inside the transaction:
 *   Postgres serialises the commits of transactions that NOTIFY (they queue on one lock), which halved the commit rate
 *   of a bare insert-claim-update transaction in bench:send-throughput's measurement (869 → 451 per second);
 * - listening: one `LISTEN wagate_events` connection whose notifications from other processes wake this process's
 *   readers (never passed on, or two processes would echo each other forever).
 * A lost listening connection is opened again every second, a failed NOTIFY is dropped: readers also poll, so a lost
 * wake-up only delays an event.
 *
 * Not for the embedded database: a listener holds a connection of its own, and PGlite serves one.
 */
export const EventWakeupsPg: Layer.Layer<EventWakeups, never, PgClient.PgClient> = Layer.effect(
  EventWakeups,
  Effect.gen(function*() {
    const pg = yield* PgClient.PgClient
    const local = yield* wakeupHub
    const commits = yield* Queue.sliding<void>(1)
    // Tells the others which process committed, so that this one ignores its own notifications.
    const self = crypto.randomUUID()

    const listening = Effect.scoped(
      Effect.gen(function*() {
        const notifications = yield* pg.listen(EVENTS_CHANNEL)
        // Whatever was committed while no listener was there is found by the first read after this wake-up.
        yield* local.notify
        while (true) {
          const notification = yield* Queue.take(notifications)
          if (notification.payload !== self) yield* local.notify
        }
      })
    )
    yield* listening.pipe(
      Effect.tapError(() => Effect.logWarning("event wake-ups: the LISTEN connection failed; opening it again")),
      Effect.retry(Schedule.spaced("1 second")),
      Effect.forkScoped
    )

    const telling = Effect.forever(
      Effect.andThen(
        Queue.take(commits),
        pg.notify(EVENTS_CHANNEL, self).pipe(
          Effect.catch(() => Effect.logDebug("event wake-ups: a NOTIFY failed; the other processes' readers will poll"))
        )
      )
    )
    yield* Effect.forkScoped(telling)

    return EventWakeups.of({
      notify: Effect.andThen(local.notify, Queue.offer(commits, undefined)),
      subscribe: local.subscribe
    })
  })
)
