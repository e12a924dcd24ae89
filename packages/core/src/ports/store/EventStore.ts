import { Context, type Effect } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { EventId, EventPayload, EventType, StoredEvent } from "../../domain/Event.ts"
import type { OrgId, SessionId, Timestamp } from "../../domain/Ids.ts"

/** Which of an organisation's events to read. */
export interface EventQuery {
  /** Read the events after this id (exclusive); `null` reads from the oldest one kept. */
  readonly after: EventId | null
  readonly limit: number
  /** Only these types (all when absent). */
  readonly types?: ReadonlyArray<EventType> | undefined
  /** Only this session's events (all sessions when absent). */
  readonly sessionId?: SessionId | undefined
}

/**
 * The event log. Readers only ever see its *visible prefix*: events that no transaction still running can sort
 * before (ADR 0029). So a reader that resumes after the last id it saw never misses an event, whatever order
 * concurrent transactions commit in.
 */
export class EventStore extends Context.Service<EventStore, {
  /** Records an event; inside `StoreTransaction.atomically` it commits (or not) with the state change it reports. */
  readonly append: (orgId: OrgId, payload: EventPayload, at: Timestamp) => Effect.Effect<StoredEvent, StoreUnavailable>
  /** The organisation's events after `query.after`, oldest first. */
  readonly history: (orgId: OrgId, query: EventQuery) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreUnavailable>
  /** Every organisation's events after `after`, oldest first: what a process's live feed tails. */
  readonly feed: (after: EventId | null, limit: number) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreUnavailable>
  /** The newest id of the visible prefix (`null` when there is no event), where a live feed starts. */
  readonly latest: Effect.Effect<EventId | null, StoreUnavailable>
  /** Deletes the events that occurred before `before`; answers how many. */
  readonly prune: (before: Timestamp) => Effect.Effect<number, StoreUnavailable>
}>()("@wagate/core/EventStore") {}
