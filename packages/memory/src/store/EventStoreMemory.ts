import { type EventPayload, EventStore, type OrgId, type StoredEvent, type Timestamp } from "@wagate/core"
import { Effect, Layer } from "effect"
import { MemoryState } from "./MemoryState.ts"

/** `EventStore` over the shared memory tables; ids come from one counter for all organisations. */
export const EventStoreMemory = Layer.effect(
  EventStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const append = Effect.fn("EventStoreMemory.append")(function*(orgId: OrgId, payload: EventPayload, at: Timestamp) {
      return yield* state.atomically((t) => {
        t.lastEventId += 1
        const event: StoredEvent = { id: t.lastEventId, orgId, createdAt: at, payload }
        t.events.push(event)
        return event
      })
    })

    const since = Effect.fn("EventStoreMemory.since")(function*(orgId: OrgId, afterId: number, limit: number) {
      return yield* state.atomically((t): ReadonlyArray<StoredEvent> => {
        const found: Array<StoredEvent> = []
        // Events are appended in id order, so the scan can stop as soon as the page is full.
        for (const event of t.events) {
          if (found.length >= limit) break
          if (event.orgId === orgId && event.id > afterId) found.push(event)
        }
        return found
      })
    })

    return EventStore.of({ append, since })
  })
)
