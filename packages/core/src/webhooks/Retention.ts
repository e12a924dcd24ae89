import { Clock, Duration, Effect, Layer, Schedule } from "effect"
import type { Timestamp } from "../domain/Ids.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { WebhookStore } from "../ports/store/WebhookStore.ts"

/** How long events and webhook delivery logs are kept, and how often older ones are deleted. */
export interface RetentionOptions {
  /** `WAGATE_EVENT_RETENTION_DAYS` (default 7). */
  readonly retention: Duration.Duration
  /** Hourly by default. */
  readonly interval?: Duration.Duration | undefined
}

/** Deletes the events and delivery log entries older than the retention; answers how many of each. */
export const pruneOldEvents = Effect.fn("retention.prune")(function*(retention: Duration.Duration) {
  const before = new Date((yield* Clock.currentTimeMillis) - Duration.toMillis(retention)).toISOString() as Timestamp
  const events = yield* (yield* EventStore).prune(before)
  const deliveries = yield* (yield* WebhookStore).pruneDeliveries(before)
  return { events, deliveries }
})

/**
 * The retention job: at start and then every `interval`, prunes old events and delivery logs. A store outage
 * skips a round (logged). Pruning is idempotent, so every gateway process of a database may run it.
 */
export const Retention = {
  layer: (options: RetentionOptions) =>
    Layer.effectDiscard(
      pruneOldEvents(options.retention).pipe(
        Effect.tap(({ events, deliveries }) =>
          events + deliveries === 0 ? Effect.void : Effect.logInfo("pruned old events").pipe(Effect.annotateLogs({ events, deliveries }))
        ),
        Effect.catchTag("StoreUnavailable", (error) => Effect.logWarning("pruning old events failed; next round later", error)),
        Effect.repeat(Schedule.spaced(options.interval ?? Duration.hours(1))),
        Effect.forkScoped
      )
    )
} as const
