import { Effect, Option, Schema, Stream } from "effect"
import { EventId, type StoredEvent } from "../domain/Event.ts"
import type { OrgId } from "../domain/Ids.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { type EventFilter, EventFeed } from "./EventFeed.ts"

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
 * Why there is no gap and no duplicate at the seam: the stream subscribes to the live feed before it reads the
 * store. The feed only publishes events it read from the store's visible prefix, and that prefix only grows. So an
 * event the last stored page did not contain became visible after that read, hence after the subscription, and
 * reaches the subscription; and every event it did contain, or an earlier one, is dropped from the live side by
 * comparing ids (`id <= last emitted`; ids sort in the order readers see events, and the feed publishes in that
 * order). Without `after`, the stream starts at `EventStore.latest`, read after subscribing: an event newer than
 * it cannot have been published before the subscription, or `latest` would have counted it. The feed is told not
 * to offer events up to that `latest` at all (`skipThrough`): they come from the store or precede the start, and
 * they must not fill the buffer of live events.
 */
export const eventStream = (
  orgId: OrgId,
  query: EventStreamQuery,
  limits: EventStreamLimits = defaultEventStreamLimits
) => Stream.unwrap(openEventStream(orgId, query, limits))

/**
 * `eventStream` in two steps: subscribes (for the life of the scope) and finds where to start, then answers the
 * stream. A caller that must know when the stream is live (an SSE response says so before the first event) waits
 * for this effect.
 */
export const openEventStream = Effect.fn("events.open")(
  function*(orgId: OrgId, query: EventStreamQuery, limits: EventStreamLimits = defaultEventStreamLimits) {
    const feed = yield* EventFeed
    const store = yield* EventStore
    const filter: EventFilter = { types: query.types, sessionId: query.sessionId }
    const live = yield* feed.subscribe(orgId, filter, limits.buffer)
    const latest = yield* store.latest
    // Every event up to `latest` is visible now: the stored pages will hold it (or it precedes the start). A feed
    // lagging behind the store would otherwise fill the buffer with events the stream drops, and cut it off.
    yield* live.skipThrough(latest)
    const start = query.after ?? latest
    let last: EventId | null = start

    const emitted = (event: StoredEvent) => {
      last = event.id
    }

    const stored = query.after === null
      ? Stream.empty
      : Stream.paginate(start, (after: EventId | null) =>
        Effect.map(store.history(orgId, { after, limit: limits.page, ...filter }), (rows) => {
          const end = rows.at(-1)
          return [rows, rows.length < limits.page || end === undefined ? Option.none() : Option.some(end.id)] as const
        }))

    const fresh = Stream.fromQueue(live.queue).pipe(
      Stream.filter((event) => last === null || event.id > last),
      Stream.catchTag("SubscriberTooSlow", () => Stream.fail(new EventStreamTooSlow({ resumeAfter: last })))
    )

    return Stream.concat(stored, fresh).pipe(Stream.tap((event) => Effect.sync(() => emitted(event))))
  }
)
