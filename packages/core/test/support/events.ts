import { type EventId, type EventPayload, EventStore, type EventType, type SessionId, type StoredEvent } from "@wagate/core"
import { Effect } from "effect"
import { acme } from "./world.ts"

/** The session's events of one type, oldest first, after `after` (all of them when `null`). */
export const eventsOf = Effect.fn("test.eventsOf")(function*(sessionId: SessionId, type: EventType, after: EventId | null = null) {
  const events = yield* EventStore
  return yield* events.history(acme.orgId, { after, limit: 1000, types: [type], sessionId })
})

/** Where the organisation's log stands now: what a test reads after. */
export const mark = Effect.gen(function*() {
  return yield* (yield* EventStore).latest
})

/** An event of type `T`, with the data that type carries. */
export type EventOf<T extends EventType> = StoredEvent & { readonly type: T; readonly data: Extract<EventPayload, { readonly type: T }>["data"] }

const ofType = <T extends EventType>(type: T) => (event: StoredEvent): event is EventOf<T> => event.type === type

/** The `data` of the events of one type. */
export const dataOf = <T extends EventType>(events: ReadonlyArray<StoredEvent>, type: T) => events.filter(ofType(type)).map((event) => event.data)
