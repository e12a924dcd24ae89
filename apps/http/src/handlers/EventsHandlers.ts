import { eventHistory, type EventFeed, type EventStore, type StoredEvent, streamEvents, toWireEvent } from "@wagate/core"
import { Effect, Metric, Schema, Stream } from "effect"
import * as Sse from "effect/encoding/Sse"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { EventJson } from "../api/schemas.ts"
import { WagateApi } from "../api/WagateApi.ts"
import { ShutdownState } from "../platform/GracefulShutdown.ts"
import { closeWhenStalled } from "../platform/closeWhenStalled.ts"
import { eventStreams } from "../platform/Metrics.ts"
import { EventStreamSettings } from "./EventStreamSettings.ts"
import { makeRunner } from "./runner.ts"

const encodeEvent = Schema.encodeSync(Schema.toCodecJson(EventJson))

/** One event as an SSE message (Effect's encoder): `id`, `event` (its type) and `data` (the Event JSON). */
const message = (event: StoredEvent): string =>
  Sse.encoder.write({ _tag: "Event", id: event.id, event: event.type, data: JSON.stringify(encodeEvent(toWireEvent(event))) })

/** An SSE comment line: clients ignore it; people, proxies and tests see it. */
const comment = (text: string): string => `: ${text}\n\n`

export const EventsHandlers = HttpApiBuilder.group(WagateApi, "events", Effect.fn(function*(handlers) {
  const run = yield* makeRunner<EventFeed | EventStore>()
  const context = yield* Effect.context<EventFeed | EventStore>()
  const settings = yield* EventStreamSettings
  const shutdown = yield* ShutdownState
  const heartbeats = Stream.tick(settings.heartbeat).pipe(Stream.drop(1), Stream.map(() => comment("heartbeat")))
  const opened = Metric.modify(eventStreams, 1)
  const closed = Metric.modify(eventStreams, -1)
  return handlers
    .handle("stream", ({ query, headers, request }) =>
      Effect.gen(function*() {
        // The selection and the capability are checked here, before the 200 and its headers go out.
        const open = yield* run((p) =>
          streamEvents(p, { lastEventId: headers["last-event-id"], ...query }, { buffer: settings.buffer, page: 500 })
        )
        // `: connected` once subscribed: from then on the client misses nothing, and it has the headers.
        const events = Stream.unwrap(Effect.map(open, (stream) => Stream.concat(Stream.succeed(comment("connected")), stream.pipe(Stream.map(message)))))
        const body = events.pipe(
          // Cut off: the last word says where to resume, and the stream ends (the buffer it filled is dropped).
          Stream.catchTag("EventStreamTooSlow", (tooSlow) =>
            Stream.succeed(comment(tooSlow.resumeAfter === null ? "too slow; reconnect" : `too slow; resume with Last-Event-ID ${tooSlow.resumeAfter}`))),
          Stream.catchTag("StoreUnavailable", () => Stream.succeed(comment("the store is unavailable; reconnect with Last-Event-ID"))),
          Stream.merge(heartbeats, { haltStrategy: "left" }),
          // A stream never ends by itself: at shutdown it ends, so it does not hold the process up.
          Stream.interruptWhen(shutdown.drainingStarted),
          Stream.encodeText,
          Stream.provideContext(context),
          (stream) => Stream.unwrap(Effect.as(Effect.acquireRelease(opened, () => closed), stream)),
          (stream) => closeWhenStalled(stream, request.source, settings.stallTimeout)
        )
        return HttpServerResponse.stream(body, {
          contentType: "text/event-stream",
          headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
        })
      }))
    .handle("history", ({ query }) => run((p) => eventHistory(p, query)))
}))
