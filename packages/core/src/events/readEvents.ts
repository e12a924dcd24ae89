import { Effect, Schema } from "effect"
import { requireCapability } from "../access/capability.ts"
import { ValidationError } from "../domain/errors.ts"
import { type Event, EventId, type EventType, EventTypes, toWireEvent } from "../domain/Event.ts"
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

const given = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim())

/**
 * The selection as a stream query, every offending parameter named at once. `Last-Event-ID` wins over `?after=`: a
 * browser's `EventSource` reconnects to the URL it first opened (with its original `?after=`) and sends the id of
 * the last event it received in the header, which is where it must resume.
 */
const toQuery = (input: EventSelectionInput, extra: Record<string, string> = {}, afterField = "after") => {
  const details: Record<string, string> = { ...extra }
  const header = given(input.lastEventId)
  const afterName = header === undefined ? afterField : "Last-Event-ID"
  const afterValue = header ?? given(input.after)
  let after: EventId | null = null
  if (afterValue !== undefined) {
    if (isEventId(afterValue)) after = afterValue
    else details[afterName] = "is not an event id this API returned"
  }
  const names = given(input.types)?.split(",").map((name) => name.trim()).filter((name) => name !== "")
  const unknown = (names ?? []).filter((name) => !isEventType(name))
  if (unknown.length > 0) {
    details["types"] = `unknown event type ${unknown.map((name) => JSON.stringify(name)).join(", ")}; expected ${EventTypes.join(", ")}`
  }
  const session = given(input.session)
  if (session !== undefined && !isSessionId(session)) details["session"] = "must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -"
  const fields = Object.keys(details)
  if (fields.length > 0) return Effect.fail(new ValidationError({ message: `invalid ${fields.join(", ")}`, details }))
  const query: EventStreamQuery = {
    after,
    types: names?.filter(isEventType),
    sessionId: session === undefined || !isSessionId(session) ? undefined : session
  }
  return Effect.succeed(query)
}

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
  const after = given(input.after)
  const cursor = given(input.cursor)
  const problems: Record<string, string> = {}
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) problems["limit"] = "must be an integer from 1 to 1000"
  if (after !== undefined && cursor !== undefined && after !== cursor) problems["cursor"] = "names another event than `after`; give one of them"
  const query = yield* toQuery(
    { after: after ?? cursor, types: input.types, session: input.session },
    problems,
    after === undefined ? "cursor" : "after"
  )
  yield* requireCapability(principal, "read")
  const store = yield* EventStore
  const rows = yield* store.history(principal.orgId, { after: query.after, limit, types: query.types, sessionId: query.sessionId })
  const last = rows.at(-1)
  const page: Page<Event> = {
    items: rows.map(toWireEvent),
    nextCursor: rows.length === limit && last !== undefined ? last.id : ""
  }
  return page
})
