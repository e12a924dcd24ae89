import type { eventHistory, streamEvents } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import { MissingCapabilityResponse } from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { EventJson, ListOf } from "./schemas.ts"
import * as Ref from "./reference/events.ts"
import { reference } from "./reference/Reference.ts"

/** `?after=&types=&session=`, as given: the use-case checks them, so a bad one is the same 400 everywhere. */
const selection = {
  after: Schema.optional(Schema.String),
  types: Schema.optional(Schema.String),
  session: Schema.optional(Schema.String)
}

/**
 * One SSE message: `id: <event id>`, `event: <type>`, `data: <Event JSON>`. Comments (`: heartbeat`, and the last
 * one of a client cut off for being too slow) are not events, so the schema does not show them; the description does.
 */
const EventMessage = Schema.Struct({
  id: Schema.String,
  event: Schema.String,
  data: Schema.fromJsonString(EventJson)
}).annotate({ identifier: "EventMessage", description: "One Server-Sent Events message: the event's id, its type, and the Event as JSON." })

export class EventsApi extends HttpApiGroup.make("events")
  .add(
    HttpApiEndpoint.get("stream", "/events", {
      query: selection,
      headers: { "last-event-id": Schema.optional(Schema.String) },
      success: HttpApiSchema.StreamSse({ events: EventMessage }),
      error: errorsOf<typeof streamEvents>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.streamEvents)),
    HttpApiEndpoint.get("history", "/events/history", {
      query: { ...selection, limit: Schema.optional(Schema.FiniteFromString), cursor: Schema.optional(Schema.String) },
      success: ListOf(EventJson, "EventList"),
      error: errorsOf<typeof eventHistory>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.eventHistory))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.eventsTag)
  .annotate(OpenApi.Title, "Events")
{}
