import { eventHistory, type EventFeed, type EventStore, type StoredEvent, streamEvents, toWireEvent } from "@wagate/core"
import { Effect, Schema, Stream } from "effect"
import * as Sse from "effect/encoding/Sse"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { EventJson } from "../api/schemas.ts"
import { WagateApi } from "../api/WagateApi.ts"
import { ShutdownState } from "../platform/GracefulShutdown.ts"
import { EventStreamSettings } from "./EventStreamSettings.ts"
import { makeRunner } from "./runner.ts"

const encodeEvent = Schema.encodeSync(Schema.toCodecJson(EventJson))

/** One event as an SSE message: `id`, `event` (its type) and `data` (the Event JSON). */
const message = (event: StoredEvent): string =>
  Sse.encoder.write({ _tag: "Event", id: event.id, event: event.type, data: JSON.stringify(encodeEvent(toWireEvent(event))) })

/** An SSE comment line: clients ignore it, people and proxies see it. */
const comment = (text: string): string => `: ${text}\n\n`

export const EventsHandlers = HttpApiBuilder.group(WagateApi, "events", Effect.fn(function*(handlers) {
  const run = yield* makeRunner<EventFeed | EventStore>()
  const context = yield* Effect.context<EventFeed | EventStore>()
  return handlers
    .handle("stream", ({ query, headers }) =>
      Effect.gen(function*() {
        const settings = yield* EventStreamSettings
        const shutdown = yield* ShutdownState
        // The selection and the capability are checked here, before the 200 and its headers go out.
        const events = yield* run((p) =>
          streamEvents(p, { lastEventId: headers["last-event-id"], ...query }, { buffer: settings.buffer, page: 500 })
        )
        const body = events.pipe(
          Stream.map(message),
          // Cut off: its last word says where to resume, and the stream ends (the buffer it filled is freed).
          Stream.catchTag("EventStreamTooSlow", (tooSlow) =>
            Stream.succeed(comment(tooSlow.resumeAfter === null ? "too slow; reconnect" : `too slow; resume with Last-Event-ID ${tooSlow.resumeAfter}`))),
          Stream.catchTag("StoreUnavailable", () => Stream.succeed(comment("the store is unavailable; reconnect with Last-Event-ID"))),
          Stream.merge(Stream.tick(settings.heartbeat).pipe(Stream.drop(1), Stream.map(() => comment("heartbeat"))), { haltStrategy: "left" }),
          // Sent at once so the client has the headers (and knows it is connected) before the first event.
          (stream) => Stream.concat(Stream.succeed(comment("connected")), stream),
          // Streams never end by themselves: at shutdown they end, and the client reconnects elsewhere or later.
          Stream.interruptWhen(shutdown.drainingStarted),
          Stream.encodeText,
          Stream.provideContext(context)
        )
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
        })
      }))
    .handle("history", ({ query }) => run((p) => eventHistory(p, query)))
}))
