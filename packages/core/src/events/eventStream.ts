import { Effect, Option, Schema, Scope, Stream } from "effect"
import { EventId } from "../domain/Event.ts"
import type { OrgId } from "../domain/Ids.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { type EventFilter, EventFeed, type FeedSubscription } from "./EventFeed.ts"

/** Where a client's stream starts and what it wants. */
export interface EventStreamQuery extends EventFilter {
  /** The last event the client has (exclusive); `null`: live events from now on. */
  readonly after: EventId | null
}

/** How a client's stream is bounded. */
export interface EventStreamLimits {
  /** Live events that may wait for the client before it is cut off. */
  readonly buffer: number
  /** Stored events read per page while catching up. */
  readonly page: number
}

export const defaultEventStreamLimits: EventStreamLimits = { buffer: 1000, page: 500 }

/**
 * The client let its buffer of live events fill up and was cut off; it resumes after `resumeAfter`, the last event
 * it was given (or where it started, when it was given none), and misses nothing.
 */
export class EventStreamTooSlow extends Schema.TaggedError<EventStreamTooSlow>()("EventStreamTooSlow", {
  resumeAfter: Schema.NullOr(EventId)
}) {}

/**
 * One client's events of one organisation: the stored events after `query.after` (oldest first), then the live
 * ones, each once and in id order.
 *
 * Without `after`, the stream subscribes to the live feed, then reads where to start: `EventStore.latest`. An event
 * newer than it cannot have been published before the subscription, or `latest` would have counted it.
 *
 * With `after`, the stream first catches up from the store, page after page, at the client's pace, with no
 * subscription: however slowly the client reads its backlog, no live event waits for it. Once a page comes back
 * short (the store's visible prefix reached), it subscribes, reads the store once more from the last event it
 * emitted (what became visible in between), and goes live.
 *
 * Why there is no gap and no duplicate at the seam: the feed only publishes events it read from the store's
 * visible prefix, and that prefix only grows. So an event the last stored read did not contain became visible
 * after that read, hence after the subscription, and reaches the subscription; and every event it did contain,
 * or an earlier one, is dropped from the live side by comparing ids (`id <= last emitted`; ids sort in the order
 * readers see events, and the feed publishes in that order). The feed is also told not to offer those at all
 * (`skipThrough`), so they never fill the buffer of live events.
 */
export const eventStream = (
  orgId: OrgId,
  query: EventStreamQuery,
  limits: EventStreamLimits = defaultEventStreamLimits
) => Stream.unwrap(openEventStream(orgId, query, limits))

/**
 * `eventStream` in two steps: finds where to start (a stream without `after` subscribes here, for the life of the
 * scope), then answers the stream. A caller that must know when the stream is live (an SSE response says so
 * before the first event) waits for this effect; a resuming stream gets everything after its `after` whenever it
 * subscribes.
 */
export const openEventStream = Effect.fn("events.open")(
  function*(orgId: OrgId, query: EventStreamQuery, limits: EventStreamLimits = defaultEventStreamLimits) {
    const feed = yield* EventFeed
    const store = yield* EventStore
    const scope = yield* Effect.scope
    const filter: EventFilter = { types: query.types, sessionId: query.sessionId }
    let last: EventId | null = query.after

    /** The stored events after `from`, a page at a time, until a page comes back short. */
    const stored = (from: EventId | null) =>
      Stream.paginate(from, (after: EventId | null) =>
        Effect.map(store.history(orgId, { after, limit: limits.page, ...filter }), (rows) => {
          const end = rows.at(-1)
          return [rows, rows.length < limits.page || end === undefined ? Option.none() : Option.some(end.id)] as const
        }))

    const fresh = (live: FeedSubscription) =>
      Stream.fromQueue(live.queue).pipe(
        Stream.filter((event) => last === null || event.id > last),
        Stream.catchTag("SubscriberTooSlow", () => Stream.fail(new EventStreamTooSlow({ resumeAfter: last })))
      )

    // Subscribed in the caller's scope (the response's), when the stream gets there; what it emitted is skipped.
    const subscribe = Effect.suspend(() => feed.subscribe(orgId, filter, limits.buffer, last)).pipe(Scope.provide(scope))

    const stream = query.after === null
      ? yield* Effect.gen(function*() {
        const live = yield* subscribe
        last = yield* store.latest
        yield* live.skipThrough(last)
        return fresh(live)
      })
      : Stream.concat(
        stored(query.after),
        Stream.unwrap(Effect.map(subscribe, (live) =>
          Stream.concat(
            // What became visible between the last page and the subscription; the feed then skips all of it.
            Stream.suspend(() => stored(last)),
            Stream.unwrap(Effect.map(Effect.suspend(() => live.skipThrough(last)), () => fresh(live)))
          )))
      )

    return stream.pipe(Stream.tap((event) =>
      Effect.sync(() => {
        last = event.id
      })
    ))
  }
)
