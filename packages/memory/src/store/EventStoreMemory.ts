import {
  type EventId,
  type EventPayload,
  type EventQuery,
  EventStore,
  EventWakeups,
  makeEventId,
  type OrgId,
  type StoredEvent,
  type Timestamp
} from "@wagate/core"
import { Effect, Layer } from "effect"
import { MemoryState } from "./MemoryState.ts"

/**
 * `EventStore` over the shared memory tables. One counter orders every organisation's events; an append is
 * visible at once (memory has no concurrent transactions), so the visible prefix is the whole log.
 */
export const EventStoreMemory = Layer.effect(
  EventStore,
  Effect.gen(function*() {
    const state = yield* MemoryState
    const wakeups = yield* EventWakeups

    const append = Effect.fn("EventStoreMemory.append")(function*(orgId: OrgId, payload: EventPayload, at: Timestamp) {
      const event = yield* state.atomically((t): StoredEvent => {
        t.lastEventId += 1
        const seq = BigInt(t.lastEventId)
        const stored: StoredEvent = { ...payload, id: makeEventId(seq, seq), orgId, occurredAt: at }
        t.events.push(stored)
        return stored
      })
      yield* wakeups.notify
      return event
    })

    /** Events after `after` that `keep` accepts, oldest first, at most `limit` (ids sort as the array does). */
    const scan = (after: EventId | null, limit: number, keep: (event: StoredEvent) => boolean) =>
      state.atomically((t): ReadonlyArray<StoredEvent> => {
        const found: Array<StoredEvent> = []
        for (const event of t.events) {
          if (found.length >= limit) break
          if ((after === null || event.id > after) && keep(event)) found.push(event)
        }
        return found
      })

    const history = Effect.fn("EventStoreMemory.history")(function*(orgId: OrgId, query: EventQuery) {
      return yield* scan(query.after, query.limit, (event) =>
        event.orgId === orgId &&
        (query.types === undefined || query.types.includes(event.type)) &&
        (query.sessionId === undefined || event.sessionId === query.sessionId))
    })

    const feed = Effect.fn("EventStoreMemory.feed")(function*(after: EventId | null, limit: number) {
      return yield* scan(after, limit, () => true)
    })

    const latest = state.atomically((t) => t.events.at(-1)?.id ?? null)

    const prune = Effect.fn("EventStoreMemory.prune")(function*(before: Timestamp) {
      return yield* state.atomically((t) => {
        const kept = t.events.filter((event) => event.occurredAt >= before)
        const pruned = t.events.length - kept.length
        t.events.splice(0, t.events.length, ...kept)
        return pruned
      })
    })

    return EventStore.of({ append, history, feed, latest, prune })
  })
)
