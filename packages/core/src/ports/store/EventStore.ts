import { Context, type Effect } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { EventPayload, StoredEvent } from "../../domain/Event.ts"
import type { OrgId, Timestamp } from "../../domain/Ids.ts"

/** The organisation's event log; ids increase monotonically so readers resume after the last id they saw. */
export class EventStore extends Context.Service<EventStore, {
  readonly append: (orgId: OrgId, payload: EventPayload, at: Timestamp) => Effect.Effect<StoredEvent, StoreUnavailable>
  /** Events with an id greater than `afterId`, oldest first. */
  readonly since: (orgId: OrgId, afterId: number, limit: number) => Effect.Effect<ReadonlyArray<StoredEvent>, StoreUnavailable>
}>()("@wagate/core/EventStore") {}
