import { Cause, Context, Deferred, type Duration, Effect, Layer, Metric, PubSub, Queue, Schedule, Schema, type Scope } from "effect"
import type { EventId, EventType, StoredEvent } from "../domain/Event.ts"
import type { OrgId, SessionId } from "../domain/Ids.ts"
import { EventWakeups } from "../ports/EventWakeups.ts"
import { EventStore } from "../ports/store/EventStore.ts"

/** Which live events a subscriber wants: always one organisation's, optionally only some types or one session. */
export interface EventFilter {
  readonly types?: ReadonlyArray<EventType> | undefined
  readonly sessionId?: SessionId | undefined
}

/**
 * A subscriber fell behind: its buffer of live events filled up, so the feed stopped filling it (memory stays
 * bounded). It ends the subscriber's queue once the events buffered before it have been taken.
 */
export class SubscriberTooSlow extends Schema.TaggedError<SubscriberTooSlow>()("SubscriberTooSlow", {
  capacity: Schema.Number
}) {}

/** Whether a stored event is one the filter asks for (the organisation is checked by the caller). */
export const matchesFilter = (filter: EventFilter) => (event: StoredEvent): boolean =>
  (filter.types === undefined || filter.types.includes(event.type)) &&
  (filter.sessionId === undefined || event.sessionId === filter.sessionId)

interface Subscriber {
  readonly orgId: OrgId
  readonly matches: (event: StoredEvent) => boolean
  readonly queue: Queue.Queue<StoredEvent, SubscriberTooSlow>
  readonly capacity: number
  /** Events up to this id are not offered: the subscriber has them, or reads them from the store. */
  floor: EventId | null
}

/** A subscriber's live events, and how it says which of them it will not need. */
export interface FeedSubscription {
  /** The live events; past `capacity` waiting, it ends with `SubscriberTooSlow` after the buffered ones. */
  readonly queue: Queue.Dequeue<StoredEvent, SubscriberTooSlow>
  /**
   * Events up to `id` are not offered from now on, so they never fill the buffer: a stream that reads them from
   * the store (or starts after them) says so, and a feed that lags behind the store cannot cut it off for events
   * it would drop anyway.
   */
  readonly skipThrough: (id: EventId | null) => Effect.Effect<void>
}

/** Subscribers attached to the live feed now (event streams, and whatever else listens). */
export const eventFeedSubscribers = Metric.gauge("wagate_event_feed_subscribers", {
  description: "Subscribers of this process's live event feed (open event streams)."
})

/** Subscribers cut off because they let their buffer of live events fill up. */
export const eventFeedCutOff = Metric.counter("wagate_event_feed_cut_off_total", {
  description: "Subscribers of the live event feed cut off because their buffer of live events was full (slow clients)."
})

/** How the feed tails the store: rows per read, and the poll that catches a wake-up lost on the way. */
export interface EventFeedSettings {
  readonly batch: number
  readonly pollEvery: Duration.Input
}

export const defaultEventFeedSettings: EventFeedSettings = { batch: 500, pollEvery: "1 second" }

/**
 * The process's live events, ADR 0030: one fiber tails `EventStore.feed` from the newest visible event at
 * start-up, woken by `EventWakeups` (and by a poll of about a second, for a wake-up lost on the way); every
 * event it reads goes, in id order, to the subscribers whose organisation and filter it matches. Each subscriber
 * has a bounded buffer; one that lets it fill is cut off (`SubscriberTooSlow`) instead of holding the tail up or
 * growing the process's memory.
 */
export class EventFeed extends Context.Service<EventFeed, {
  /**
   * The organisation's live events matching `filter`, from now until the scope closes, at most `capacity`
   * waiting; past that the queue ends with `SubscriberTooSlow` after the buffered ones. Events up to
   * `skipThrough` (when given) are not offered (`FeedSubscription.skipThrough`).
   */
  readonly subscribe: (
    orgId: OrgId,
    filter: EventFilter,
    capacity: number,
    skipThrough?: EventId | null
  ) => Effect.Effect<FeedSubscription, never, Scope.Scope>
  /** How many subscribers are attached now (for metrics and tests). */
  readonly subscribers: Effect.Effect<number>
}>()("@wagate/core/EventFeed") {
  /** The feed with its tailing fiber, for the life of the layer. */
  static readonly layerWith = (settings: EventFeedSettings) =>
    Layer.effect(
      EventFeed,
      Effect.gen(function*() {
        const store = yield* EventStore
        const wakeups = yield* EventWakeups
        const subscribers = new Set<Subscriber>()

        /** Offers the event to each subscriber that wants it; answers how many were cut off. */
        const publish = (event: StoredEvent): number => {
          let cutOff = 0
          for (const subscriber of subscribers) {
            if (subscriber.orgId !== event.orgId || !subscriber.matches(event)) continue
            if (subscriber.floor !== null && event.id <= subscriber.floor) continue
            if (!Queue.offerUnsafe(subscriber.queue, event)) {
              // Full (or already ended): cut off. What it buffered is still taken before the failure.
              subscribers.delete(subscriber)
              Queue.failCauseUnsafe(subscriber.queue, Cause.fail(new SubscriberTooSlow({ capacity: subscriber.capacity })))
              cutOff++
            }
          }
          return cutOff
        }
        const counted = Effect.suspend(() => Metric.update(eventFeedSubscribers, subscribers.size))

        // Subscribed before the first read, so a commit between `latest` and the tail's first read wakes it.
        const wake = yield* wakeups.subscribe
        let cursor: EventId | null = null
        // Where the tail starts: the newest visible event (starting from the oldest would replay the whole log).
        // Subscribers wait until it is known: a stream reads its own start after subscribing, so it never starts
        // before the tail and misses nothing in between. While the store is down at start-up, they wait for it.
        const started = yield* Deferred.make<void>()
        const start = store.latest.pipe(
          Effect.tapError((error) => Effect.logWarning("event feed: the store is unavailable; the live feed waits for it", error.message)),
          Effect.retry(Schedule.spaced(settings.pollEvery)),
          Effect.flatMap((latest) => {
            cursor = latest
            return Deferred.succeed(started, undefined)
          })
        )

        /** Reads until the visible prefix is exhausted: a full batch means more may be there already. */
        const drain: Effect.Effect<void> = Effect.gen(function*() {
          for (;;) {
            const rows = yield* store.feed(cursor, settings.batch)
            let cutOff = 0
            for (const row of rows) cutOff += publish(row)
            if (cutOff > 0) yield* Metric.update(eventFeedCutOff, cutOff)
            yield* counted
            const last = rows.at(-1)
            if (last !== undefined) cursor = last.id
            if (rows.length < settings.batch) return
          }
        }).pipe(
          // The store down: nothing is lost (the cursor stays), the next wake-up or poll reads again.
          Effect.catchTag("StoreUnavailable", (error) => Effect.logWarning("event feed: the store is unavailable", error.message))
        )

        const nextWake = Effect.raceFirst(PubSub.take(wake), Effect.sleep(settings.pollEvery))
        yield* start.pipe(Effect.andThen(drain.pipe(Effect.andThen(nextWake), Effect.forever)), Effect.forkScoped)

        return EventFeed.of({
          subscribe: (orgId, filter, capacity, skipThrough = null) =>
            Deferred.await(started).pipe(
              Effect.andThen(Effect.acquireRelease(
                Effect.map(Queue.bounded<StoredEvent, SubscriberTooSlow>(capacity), (queue) => {
                  const subscriber: Subscriber = { orgId, matches: matchesFilter(filter), queue, capacity, floor: skipThrough }
                  subscribers.add(subscriber)
                  return subscriber
                }).pipe(Effect.tap(() => counted)),
                (subscriber) =>
                  Effect.sync(() => {
                    subscribers.delete(subscriber)
                    Queue.shutdownUnsafe(subscriber.queue)
                  }).pipe(Effect.andThen(counted))
              )),
              Effect.map((subscriber): FeedSubscription => ({
                queue: subscriber.queue,
                skipThrough: (id) =>
                  Effect.sync(() => {
                    if (id !== null && (subscriber.floor === null || id > subscriber.floor)) subscriber.floor = id
                  })
              }))
            ),
          subscribers: Effect.sync(() => subscribers.size)
        })
      })
    )

  /** The feed with the default settings: batches of 500, a poll every second. */
  static readonly layer = EventFeed.layerWith(defaultEventFeedSettings)
}
