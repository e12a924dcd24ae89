/**
 * Live events across processes: two real gateway processes on one Postgres database (simulator transport, each its
 * own simulated WhatsApp). An event committed by one reaches an SSE stream held by the other (`LISTEN
 * wagate_events` wakes its feed), and an open stream does not hold the shutdown up: SIGTERM ends it and the
 * process exits 0 at once, not after the 20 s allowed to requests in flight.
 */
import { assert, describe, it } from "@effect/vitest"
import { testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { Duration, Effect } from "effect"
import { apiCaller, scopedGateway, stopGateway } from "../support/gatewayProcess.ts"
import { freePort, readyPort } from "../support/process.ts"
import { onlyEvents, openSse } from "../support/sse.ts"

const TOKEN = "events-token"

const call = apiCaller(TOKEN)

describe("events across gateway processes", () => {
  it.live("an event committed by one gateway arrives on an SSE stream held by another; SIGTERM ends open streams at once", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = testDatabaseUrl()
      const url = new URL(base)
      url.pathname = `/${yield* testDatabase(base)}`
      const env = { WAGATE_TRANSPORT: "simulator", WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`, WAGATE_DATABASE_URL: url.toString() }

      const writer = yield* scopedGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const writerPort = yield* Effect.promise(() => readyPort(writer))
      const reader = yield* scopedGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const readerPort = yield* Effect.promise(() => readyPort(reader))

      // Live from now on: `: connected` says the reader's stream is subscribed.
      const stream = yield* openSse(`http://127.0.0.1:${readerPort}/api/v1/events`, TOKEN)
      assert.strictEqual(stream.status, 200)
      yield* stream.readUntil((items) => items.some((item) => item.kind === "comment" && item.text === "connected"))

      assert.strictEqual((yield* call(writerPort, "POST", "/sessions", { id: "far" })).status, 201)
      const group = yield* call(writerPort, "POST", "/sessions/far/groups", { name: "Far away", participants: ["6281111111111@s.whatsapp.net"] })
      assert.strictEqual(group.status, 201, JSON.stringify(group.body))

      const received = onlyEvents(yield* stream.readUntil((items) => onlyEvents(items).some((event) => event.event === "group.updated"), 20_000))
      assert.isTrue(received.every((event) => event.data.sessionId === "far"), JSON.stringify(received))
      assert.include(received.map((event) => event.event), "session.status")
      const created = received.find((event) => event.event === "group.updated")
      assert.strictEqual(created?.data.data["groupJid"], group.body.groupJid)

      // The stream is still open; a signal ends it and the process at once.
      const [elapsed, code] = yield* Effect.timed(stopGateway(reader))
      assert.strictEqual(code, 0, reader.output())
      assert.isBelow(Duration.toMillis(elapsed), 10_000, "the open stream did not hold the shutdown up")
      yield* stream.rest(10_000)
      assert.isTrue(stream.ended(), "the gateway ended the stream")
      assert.strictEqual(yield* stopGateway(writer), 0)
    })), 180_000)
})
