import { bookClub, envelope, jids } from "./examples.ts"
import { missing } from "./meanings.ts"
import type { ErrorDoc, OperationDoc } from "./Reference.ts"

export const eventsTag =
  "What happened, for your organisation: a session's status, groups learnt and changed, members added, removed, promoted or demoted, join requests, and the status of messages sent. Each event is written in the same transaction as the change it reports, and its `id` sorts in the order events happened. Read them live as Server-Sent Events (`GET /events`), resuming by id without gap or duplicate, or page through the stored ones (`GET /events/history`)."

const participantsEvent = {
  id: "0000000000000f3a0000000000000027",
  type: "group.participants",
  sessionId: "alice",
  occurredAt: "2026-11-22T03:41:02.120Z",
  data: { groupJid: jids.group, action: "add", participants: [jids.carol], author: jids.alice }
}

const groupEvent = {
  id: "0000000000000f390000000000000026",
  type: "group.updated",
  sessionId: "alice",
  occurredAt: "2026-11-22T03:41:00.205Z",
  data: bookClub
}

const invalidTypes = {
  summary: "An unknown event type",
  value: envelope("validation_error", "invalid types", {
    types: "unknown event type \"group.created\"; expected message.status, session.status, group.updated, group.participants, group.join_request"
  })
}

const invalidAfter = {
  summary: "An id this API did not return",
  value: envelope("validation_error", "invalid after", { after: "is not an event id this API returned" })
}

const selectionErrors = (what: string): ErrorDoc => ({
  when: `${what}; \`details\` names each offending parameter (\`after\`, \`Last-Event-ID\`, \`types\`, \`session\`).`,
  examples: { invalidAfter, invalidTypes }
})

const selectionParameters = {
  after: {
    description:
      "The id of the last event you have: the events after it come first (stored ones, then live ones). Absent: live events from now on. Ids are opaque strings that sort in event order; one this API did not return is a 400.",
    example: participantsEvent.id,
    schema: { type: "string", pattern: "^[0-9a-f]{32}$" }
  },
  types: {
    description: "Only these event types, comma-separated (`group.participants,message.status`); an unknown type is a 400 naming `types`.",
    example: "group.participants,message.status",
    schema: { type: "string" }
  },
  session: {
    description: "Only the events of this session of yours (1 to 64 of `A-Z a-z 0-9 _ -`).",
    example: "alice",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }
  }
}

export const streamEvents: OperationDoc = {
  summary: "Stream events (Server-Sent Events)",
  what:
    "Opens a `text/event-stream` of your organisation's events. Each is sent as `id: <id>`, `event: <type>`, `data: <Event JSON>`. With `Last-Event-ID` (the header a browser's `EventSource` sends when it reconnects) or `?after=`, every stored event after that id comes first, then live ones, with no gap and no duplicate; without either, live events from now on. When both are given the header wins: an `EventSource` reconnects to the URL it first opened, and the header says where it really left off.",
  capability: "read",
  served: "stored",
  success:
    "**200 OK**, `Content-Type: text/event-stream`; the stream stays open. A comment line `: heartbeat` comes every 15 s so proxies keep the connection.",
  sideEffects: "None.",
  idempotency: "A read: reconnect with `Last-Event-ID` as often as needed; events are never delivered twice to one resumed stream.",
  notes:
    "Backpressure: the gateway holds at most 1,000 undelivered live events for a client. A client that lets them pile up is cut off with a last comment `: too slow; resume with Last-Event-ID <id>` (the last event it was sent) and the stream ends; reconnecting with that id loses nothing. A connection that accepts nothing for 60 s (not even a heartbeat) is closed. Streams also end when the gateway shuts down; reconnect with `Last-Event-ID`.",
  errors: { validation_error: selectionErrors("`after`/`Last-Event-ID` is not an event id, `types` names an unknown type, or `session` is not a session id"), forbidden: missing("read") },
  parameters: {
    ...selectionParameters,
    "last-event-id": {
      description: "The id of the last event received, as `EventSource` sends it on reconnect; wins over `?after=`.",
      example: participantsEvent.id,
      schema: { type: "string", pattern: "^[0-9a-f]{32}$" }
    }
  },
  responses: { 200: { description: "The events as Server-Sent Events, stored ones first, then live ones, with heartbeats." } }
}

export const eventHistory: OperationDoc = {
  summary: "List stored events",
  what:
    "Pages through your organisation's stored events, oldest first: the same events `GET /events` sends, as a `List`. Events are kept for `WAGATE_EVENT_RETENTION_DAYS` (default 7).",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Event; `nextCursor` is the last event's id when the page is full (pass it as `?after=` or `?cursor=`), `\"\"` otherwise.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat. A page that was not full may have more events later; ask again with its last id.",
  errors: {
    validation_error: selectionErrors("`limit` outside 1..1000, `after`/`cursor` not an event id (or two different ones), `types` names an unknown type, or `session` is not a session id"),
    forbidden: missing("read")
  },
  parameters: {
    ...selectionParameters,
    cursor: { description: "The same as `after` (the `List` convention's name); give one of them.", schema: { type: "string", pattern: "^[0-9a-f]{32}$" } }
  },
  responses: {
    200: {
      description: "A page of events, oldest first.",
      examples: { twoEvents: { summary: "A group created, then a member added", value: { items: [groupEvent, participantsEvent], nextCursor: "" } } }
    }
  }
}
