import { Effect, Schema } from "effect"
import { requireCapability } from "../access/capability.ts"
import { invalid } from "../access/validate.ts"
import { EventId, type EventType, EventTypes, toWireEvent } from "../domain/Event.ts"
import { SessionId } from "../domain/Ids.ts"
import { DEFAULT_PAGE_LIMIT, type Page } from "../domain/Page.ts"
import type { Principal } from "../domain/Principal.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { defaultEventStreamLimits, type EventStreamLimits, type EventStreamQuery, openEventStream } from "./eventStream.ts"

/** Which events a caller asks for, as given (query parameters and the `Last-Event-ID` header). */
export interface EventSelectionInput {
  /** `Last-Event-ID`: where a reconnecting client left off. Wins over `after` (see `streamEvents`). */
  readonly lastEventId?: string | undefined
  /** `?after=`: the last event the caller has; events after it come first. */
  readonly after?: string | undefined
  /** `?types=a,b`: only these event types. */
  readonly types?: string | undefined
  /** `?session=`: only this session's events. */
  readonly session?: string | undefined
}

const isEventId = Schema.is(EventId)
const isSessionId = Schema.is(SessionId)
const isEventType = (name: string): name is EventType => (EventTypes as ReadonlyArray<string>).includes(name)

const emptyToUndefined = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim())

const decodeId = (field: string, value: string | undefined) => {
  const given = emptyToUndefined(value)
  if (given === undefined) return Effect.succeed(null)
  return isEventId(given) ? Effect.succeed(given) : Effect.fail(invalid(field, "is not an event id this API returned"))
}

/** `?types=a,b`: a comma-separated list of known types; each unknown one is named. */
const decodeTypes = (value: string | undefined) => {
  const given = emptyToUndefined(value)
  if (given === undefined) return Effect.succeed(undefined)
  const names = given.split(",").map((name) => name.trim()).filter((name) => name !== "")
  const unknown = names.filter((name) => !isEventType(name))
  if (unknown.length > 0) {
    return Effect.fail(invalid("types", `unknown event type ${unknown.map((name) => JSON.stringify(name)).join(", ")}; expected ${EventTypes.join(", ")}`))
  }
  return Effect.succeed(names.filter(isEventType))
}

const decodeSession = (value: string | undefined) => {
  const given = emptyToUndefined(value)
  if (given === undefined) return Effect.succeed(undefined)
  return isSessionId(given) ? Effect.succeed(given) : Effect.fail(invalid("session", "must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -"))
}

/**
 * The selection as a stream query. `Last-Event-ID` wins over `?after=`: a browser's `EventSource` reconnects to the
 * URL it first opened (with its original `?after=`) and sends the id of the last event it received in the header,
 * which is where it must resume.
 */
const toQuery = Effect.fn("events.selection")(function*(input: EventSelectionInput, afterField = "after") {
  const header = emptyToUndefined(input.lastEventId)
  const after = header === undefined ? yield* decodeId(afterField, input.after) : yield* decodeId("Last-Event-ID", header)
  const types = yield* decodeTypes(input.types)
  const sessionId = yield* decodeSession(input.session)
  const query: EventStreamQuery = { after, types, sessionId }
  return query
})

/**
 * The caller's organisation's events as a stream (`GET /events`): the stored ones after the selection's id, then
 * live ones. The selection is checked before anything is read, so a bad one is refused before a stream opens;
 * the answer opens the stream (`openEventStream`: subscribed for the scope, then the stream).
 */
export const streamEvents = Effect.fn("events.stream")(function*(
  principal: Principal,
  input: EventSelectionInput,
  limits: EventStreamLimits = defaultEventStreamLimits
) {
  const query = yield* toQuery(input)
  yield* requireCapability(principal, "read")
  return openEventStream(principal.orgId, query, limits)
})

/** `?after=&limit=&types=&session=` of `GET /events/history`; `cursor` is the `List` convention's name for `after`. */
export interface EventHistoryInput extends EventSelectionInput {
  readonly cursor?: string | undefined
  readonly limit?: number | undefined
}

/**
 * A page of the organisation's stored events, oldest first (`GET /events/history`). `nextCursor` is the last id
 * of a full page (pass it as `?after=` or `?cursor=`), `""` when the page was not full.
 */
export const eventHistory = Effect.fn("events.history")(function*(principal: Principal, input: EventHistoryInput) {
  const limit = input.limit ?? DEFAULT_PAGE_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return yield* invalid("limit", "must be an integer from 1 to 1000")
  }
  const after = emptyToUndefined(input.after)
  const cursor = emptyToUndefined(input.cursor)
  if (after !== undefined && cursor !== undefined && after !== cursor) {
    return yield* invalid("cursor", "names another event than `after`; give one of them")
  }
  const query = yield* toQuery({ after: after ?? cursor, types: input.types, session: input.session }, after === undefined ? "cursor" : "after")
  yield* requireCapability(principal, "read")
  const store = yield* EventStore
  const rows = yield* store.history(principal.orgId, { after: query.after, limit, types: query.types, sessionId: query.sessionId })
  const last = rows.at(-1)
  const page: Page<ReturnType<typeof toWireEvent>> = {
    items: rows.map(toWireEvent),
    nextCursor: rows.length === limit && last !== undefined ? last.id : ""
  }
  return page
})
