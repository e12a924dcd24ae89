/**
 * `GET /events` (Server-Sent Events) and `GET /events/history` over a real listening gateway, read by a curl-like
 * client (`fetch` and a reader), on the memory store (`http`) and on Postgres (`http-pg`).
 */
import { assert, describe, layer } from "@effect/vitest"
import { EventStore, type Group, GroupJid, now, OrgId, type SessionId } from "@wagate/core"
import { Effect, Fiber, Schema } from "effect"
import { allPages, api, expectError, expectList, newGroup, newSession, user } from "../support/endpoints.ts"
import { clientFor, raw, TestGatewayWithStore, testOptions, tokens } from "../support/gateway.ts"
import { serverPort } from "../support/rawHttp.ts"
import { onlyEvents, openSse, type SseEvent } from "../support/sse.ts"

const acme = OrgId.make("acme")

/** The `id` and `type` of each item of a `List` of events. */
const decodeItems = Schema.decodeUnknownSync(Schema.Array(Schema.Struct({ id: Schema.String, type: Schema.String })))
const idsOf = (items: ReadonlyArray<unknown>) => decodeItems(items).map((item) => item.id)

/** The SSE stream of `/api/v1/events?query` as the holder of `token`, for the test's scope. */
const events = (query: string, token: string = tokens.acme, headers: Record<string, string> = {}) =>
  Effect.flatMap(serverPort, (port) => openSse(`http://127.0.0.1:${port}${api(`/events${query === "" ? "" : `?${query}`}`)}`, token, headers))

/**
 * The id of the session's newest stored event: where a stream that must see what follows starts. On a shared
 * Postgres server a transaction open elsewhere holds the visible prefix back for a moment (ADR 0029): the session's
 * creation event is waited for, about 10 s at most.
 */
const newestOf = Effect.fn("newestOf")(function*(session: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const pages = yield* allPages(api(`/events/history?session=${session}`), 1000)
    const last = idsOf(pages.flat()).at(-1)
    if (last !== undefined) return last
    yield* Effect.sleep("100 millis")
  }
  return assert.fail(`session ${session} has no event (its creation) after 10 s`)
})

/**
 * Appends `count` events of the session straight to the store, each committed on its own: join requests (a type
 * nothing else records for these sessions, so the test can filter on it), or, with `description`, big
 * `group.updated` events.
 */
const burst = (session: SessionId, count: number, description = "") =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const group = description === "" ? undefined : yield* groupOf(session)
    const ids: Array<string> = []
    for (let i = 0; i < count; i++) {
      const at = yield* now
      const event = group === undefined
        ? yield* store.append(acme, { type: "group.join_request", sessionId: session, data: { groupJid: GroupJid.make("120363000000000009@g.us"), jid: user("6281200000099"), action: "created" } }, at)
        : yield* store.append(acme, { type: "group.updated", sessionId: session, data: { ...group, description } }, at)
      ids.push(event.id)
      if (i % 50 === 49) yield* Effect.yieldNow
    }
    return ids
  })

/**
 * Waits (10 s at most) until the session's history shows `ids`. Events are read once every transaction that began
 * before them has ended, on the whole Postgres server (ADR 0029): with other tests' databases on the same server
 * busy, that can take a moment after the commit.
 */
const visible = (session: SessionId, ids: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const last = ids.at(-1) ?? ""
    for (let attempt = 0; attempt < 500; attempt++) {
      const page = expectList(yield* raw("GET", api(`/events/history?session=${session}&${requests}&limit=500`)))
      if (idsOf(page.items).includes(last)) return
      yield* Effect.sleep("20 millis")
    }
    assert.fail(`the session's events were not visible within 10 s: ${last}`)
  })

/** Only the events of the test's own bursts: the simulator may record a session's status whenever it likes. */
const requests = "types=group.join_request"

let storedGroup: Group | undefined
const groupOf = (session: SessionId) =>
  Effect.gen(function*() {
    if (storedGroup !== undefined) return storedGroup
    const client = yield* clientFor(tokens.acme)
    const gid = yield* newGroup(session)
    storedGroup = yield* client.groups.get({ params: { session, gid } })
    return storedGroup
  })

/** A new session with a group (for big events), and a stream of its events from now on, read up to `: connected`. */
const connectedStream = (prefix: string) =>
  Effect.gen(function*() {
    const session = yield* newSession(prefix)
    yield* groupOf(session.id)
    const stream = yield* events(`after=${yield* newestOf(session.id)}&session=${session.id}`)
    yield* stream.readUntil((items) => items.length > 0)
    return { session, stream }
  })

/** Each event's SSE fields agree with its JSON, which is the wire Event (no organisation). */
const assertWellFormed = (received: ReadonlyArray<SseEvent>) => {
  for (const event of received) {
    assert.strictEqual(event.id, event.data.id)
    assert.strictEqual(event.event, event.data.type)
    assert.deepStrictEqual(Object.keys(event.data).sort(), ["data", "id", "occurredAt", "sessionId", "type"])
  }
  const ids = received.map((event) => event.id)
  assert.deepStrictEqual(ids, [...ids].sort(), "ids ascend")
  assert.strictEqual(new Set(ids).size, ids.length, "no event twice")
}

const metricValue = (text: string, name: string): number => {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `))
  return line === undefined ? 0 : Number(line.slice(name.length + 1))
}

const metric = (name: string) => Effect.map(raw("GET", "/metrics", { token: null }), (response) => metricValue(response.text, name))
const cutOffs = metric("wagate_event_feed_cut_off_total")
const openStreams = metric("wagate_event_streams")

/** Appends big events in batches until the feed has cut a subscriber off (bounded); answers their ids. */
const fillUntilCutOff = (session: SessionId, before: number) =>
  Effect.gen(function*() {
    const appended: Array<string> = []
    for (let batch = 0; batch < 200 && (yield* cutOffs) === before; batch++) {
      appended.push(...(yield* burst(session, 20, "x".repeat(8_000))))
    }
    assert.strictEqual(yield* cutOffs, before + 1, "cut off")
    return appended
  })

describe("events", () => {
  // The live clock: heartbeats are real timers, and the stream reads have deadlines.
  layer(TestGatewayWithStore({ ...testOptions, events: { heartbeat: "300 millis", buffer: 8, stallTimeout: "60 seconds" } }), { excludeTestServices: true, timeout: 120_000 })((it) => {
    it.effect("GET /events streams the events of the caller's actions as they happen, only its organisation's", () =>
      Effect.scoped(Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const session = yield* newSession("ev")
        const stream = yield* events(`after=${yield* newestOf(session.id)}`)
        assert.strictEqual(stream.status, 200)
        assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/)

        // Another organisation is busy at the same time.
        const other = yield* newSession("ev-globex", tokens.globex)
        yield* newGroup(other.id, [user("6281200000011")], tokens.globex)

        const gid = yield* newGroup(session.id)
        yield* client.members.add({ params: { session: session.id, gid }, headers: {}, payload: { participants: [user("6281200000012")] } })
        const sent = yield* client.messages.send({
          params: { session: session.id },
          query: {},
          headers: {},
          payload: { type: "text", to: user("6281200000013"), text: "hello" }
        })

        const received = onlyEvents(yield* stream.readUntil((items) => onlyEvents(items).some((e) => e.event === "message.status")))
        assertWellFormed(received)
        assert.isTrue(received.every((event) => event.data.sessionId === session.id), "only the organisation's own session")
        const types = received.map((event) => event.event)
        const created = types.indexOf("group.updated")
        const added = types.indexOf("group.participants")
        assert.isAtLeast(created, 0, types.join())
        assert.isAbove(added, created, types.join())
        assert.strictEqual(received[added]?.data.data["action"], "add")
        // One participant, as the group addresses it (groups are LID-addressed in the simulator).
        const participants = received[added]?.data.data["participants"]
        assert.isTrue(Array.isArray(participants) && participants.length === 1, JSON.stringify(participants))
        const status = received.find((event) => event.event === "message.status")
        assert.strictEqual(status?.data.data["id"], sent.id)
      })))

    it.effect("filters by ?types= and ?session=, and sends a heartbeat comment while idle", () =>
      Effect.scoped(Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const one = yield* newSession("ev-one")
        const two = yield* newSession("ev-two")
        const start = yield* newestOf(two.id)
        const stream = yield* events(`after=${start}&types=group.participants,message.status&session=${two.id}`)
        yield* newGroup(one.id)
        const gid = yield* newGroup(two.id)
        yield* client.members.add({ params: { session: two.id, gid }, headers: {}, payload: { participants: [user("6281200000021")] } })
        const items = yield* stream.readUntil((read) => onlyEvents(read).length >= 1 && read.at(-1)?.kind === "comment" && read.some((item) => item.kind === "comment" && item.text === "heartbeat"))
        const received = onlyEvents(items)
        assert.deepStrictEqual(received.map((event) => [event.event, event.data.sessionId]), [["group.participants", two.id]])
      })))

    it.effect("bad ?after=, Last-Event-ID, ?types= and ?session= are 400 naming them, before a stream opens", () =>
      Effect.gen(function*() {
        yield* expectError(yield* raw("GET", api("/events?after=nope")), 400, "validation_error", ["after"])
        yield* expectError(yield* raw("GET", api("/events"), { headers: { "last-event-id": "123" } }), 400, "validation_error", ["Last-Event-ID"])
        const types = yield* expectError(yield* raw("GET", api("/events?types=group.updated,group.created")), 400, "validation_error", ["types"])
        assert.include(types.details?.["types"] ?? "", "group.created")
        yield* expectError(yield* raw("GET", api("/events?session=not%20a%20session")), 400, "validation_error", ["session"])
        yield* expectError(yield* raw("GET", api("/events/history?after=zz")), 400, "validation_error", ["after"])
        yield* expectError(yield* raw("GET", api("/events/history?cursor=zz")), 400, "validation_error", ["cursor"])
        yield* expectError(yield* raw("GET", api("/events/history?limit=0")), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api("/events/history?types=nope")), 400, "validation_error", ["types"])
        // Every offending parameter at once.
        yield* expectError(yield* raw("GET", api("/events?after=x&types=nope&session=a%20b")), 400, "validation_error", ["after", "types", "session"])
        yield* expectError(yield* raw("GET", api("/events/history?limit=5000&after=x")), 400, "validation_error", ["limit", "after"])
        yield* expectError(yield* raw("GET", api("/events"), { token: null }), 401, "unauthorized")
      }))

    it.effect("GET /events/history pages the stored events oldest first; nextCursor is the last id of a full page", () =>
      Effect.gen(function*() {
        const session = yield* newSession("ev-history")
        const appended = yield* burst(session.id, 7)
        yield* visible(session.id, appended)
        const all = decodeItems((yield* allPages(api(`/events/history?session=${session.id}`), 2)).flat())
        assert.strictEqual(all[0]?.type, "session.status", "its creation first")
        assert.deepStrictEqual(all.map((item) => item.id), all.map((item) => item.id).sort(), "oldest first")
        const pages = yield* allPages(api(`/events/history?session=${session.id}&${requests}`), 2)
        const ids = idsOf(pages.flat())
        assert.deepStrictEqual(ids, appended)
        const after = expectList(yield* raw("GET", api(`/events/history?session=${session.id}&${requests}&after=${appended[3]}&limit=2`)))
        assert.deepStrictEqual(idsOf(after.items), appended.slice(4, 6))
        assert.strictEqual(after.nextCursor, appended[5], "a full page names its last id")
        const last = expectList(yield* raw("GET", api(`/events/history?session=${session.id}&${requests}&cursor=${appended[5]}&limit=2`)))
        assert.deepStrictEqual(idsOf(last.items), appended.slice(6))
        assert.strictEqual(last.nextCursor, "", "a page that is not full is the last")
        const globex = expectList(yield* raw("GET", api(`/events/history?session=${session.id}`), { token: tokens.globex }))
        assert.isAbove(all.length, appended.length)
        assert.deepStrictEqual(globex.items, [], "another organisation sees none of them")
      }))

    it.effect("a client that stops reading is cut off with a last comment naming where to resume, and resumes from it", () =>
      Effect.gen(function*() {
        const before = yield* cutOffs
        yield* Effect.scoped(Effect.gen(function*() {
          const { session, stream } = yield* connectedStream("ev-slow")
          // It reads no more: big events fill the socket, then its buffer of 8 live events; the feed cuts it off
          // (the metric counts it) and stops holding events for it.
          const appended = yield* fillUntilCutOff(session.id, before)
          // When it reads again it gets what was sent or stored before, then the last word, and the stream ends.
          const items = yield* stream.rest(30_000)
          assert.isTrue(stream.ended(), "the gateway ended the stream")
          const received = onlyEvents(items)
          assertWellFormed(received)
          const last = items.filter((item) => item.kind === "comment" && item.text !== "heartbeat").at(-1)
          assert.deepStrictEqual(last, { kind: "comment", text: `too slow; resume with Last-Event-ID ${received.at(-1)?.id}` })
          // Resuming from the id it was given loses nothing. A resumed stream may be cut off again (its buffer of
          // 8 is smaller than a batch the feed publishes at once, e.g. when events become visible together), and
          // the client resumes again, as a client must.
          const mine = new Set(appended)
          const wanted = (events: ReadonlyArray<SseEvent>) => events.filter((event) => mine.has(event.id))
          const resumed: Array<SseEvent> = []
          let from = received.at(-1)?.id ?? ""
          for (let attempt = 0; attempt < 10 && wanted([...received, ...resumed]).length < appended.length; attempt++) {
            const remaining = appended.length - wanted([...received, ...resumed]).length
            const got = yield* Effect.scoped(Effect.flatMap(
              events(`session=${session.id}`, tokens.acme, { "last-event-id": from }),
              (again) => Effect.map(again.readUntil((read) => wanted(onlyEvents(read)).length >= remaining, 30_000), onlyEvents)
            ))
            resumed.push(...got)
            from = got.at(-1)?.id ?? from
          }
          assertWellFormed([...received, ...resumed])
          assert.deepStrictEqual(wanted([...received, ...resumed]).map((event) => event.id), appended)
        }))
      }))
  })

  layer(TestGatewayWithStore({ ...testOptions, events: { heartbeat: "200 millis", buffer: 8, stallTimeout: "1 second" } }), {
    excludeTestServices: true,
    timeout: 120_000
  })((it) => {
    it.effect("a client that never reads again has its connection closed once nothing could be sent for the stall timeout", () =>
      Effect.gen(function*() {
        const idle = yield* openStreams
        yield* Effect.scoped(Effect.gen(function*() {
          const { session, stream } = yield* connectedStream("ev-stalled")
          assert.strictEqual(yield* openStreams, idle + 1)
          // Big events, one at a time, until its socket is full and stays full: a second later the gateway closes
          // the connection (bounded: 2,000 events are some 16 MB).
          let open = idle + 1
          for (let sent = 0; sent < 2000 && open !== idle; sent++) {
            yield* burst(session.id, 1, "x".repeat(8_000))
            yield* Effect.sleep("2 millis")
            if (sent % 25 === 24) open = yield* openStreams
          }
          assert.strictEqual(open, idle, "the gateway ended the stream")
          yield* stream.rest(30_000)
          assert.isTrue(stream.ended(), "the connection is closed")
        }))
      }))
  })

  layer(TestGatewayWithStore(), { excludeTestServices: true, timeout: 120_000 })((it) => {
    it.effect("a client that disconnects in the middle of a burst of 1,000 events and resumes with Last-Event-ID gets each once, in order", () =>
      Effect.gen(function*() {
        const session = yield* newSession("ev-burst")
        const start = yield* newestOf(session.id)
        const appending = yield* Effect.forkChild(burst(session.id, 1000))
        // It hangs up after 300 events, while the burst is still being committed.
        const first = yield* Effect.scoped(Effect.flatMap(events(`after=${start}&session=${session.id}&${requests}`), (stream) => stream.events(300, 30_000)))
        assert.lengthOf(first, 300)
        // It comes back as an EventSource does: the URL it first opened, and the header saying where it left off
        // (the header wins over ?after=). Should the gateway cut it off, it comes back again the same way.
        const rest: Array<SseEvent> = []
        for (let attempt = 0; attempt < 20 && rest.length < 700; attempt++) {
          const lastId = (rest.at(-1) ?? first.at(-1))?.id ?? ""
          rest.push(...(yield* Effect.scoped(Effect.flatMap(
            events(`after=${start}&session=${session.id}&${requests}`, tokens.acme, { "last-event-id": lastId }),
            (stream) => Effect.map(stream.readUntil((items) => onlyEvents(items).length >= 700 - rest.length, 30_000), onlyEvents)
          ))))
        }
        const appended = yield* Fiber.join(appending)
        assertWellFormed([...first, ...rest])
        assert.deepStrictEqual([...first, ...rest].map((event) => event.id), appended)
      }))
  })
})
