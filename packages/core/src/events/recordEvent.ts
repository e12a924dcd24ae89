import { Effect } from "effect"
import type { EventPayload } from "../domain/Event.ts"
import type { OrgId } from "../domain/Ids.ts"
import { now } from "../ports/Now.ts"
import { EventStore } from "../ports/store/EventStore.ts"

/** Appends an event to the organisation's log, the last step of every change. */
export const recordEvent = Effect.fn("events.record")(function*(orgId: OrgId, payload: EventPayload) {
  const events = yield* EventStore
  return yield* events.append(orgId, payload, yield* now)
})
