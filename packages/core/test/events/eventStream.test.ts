import { assert, describe, it } from "@effect/vitest"
import {
  EventFeed,
  type EventPayload,
  EventStore,
  EventWakeups,
  GroupJid,
  eventStream,
  openEventStream,
  wakeupHub,
  type EventType,
  now,
  type OrgId,
  SessionId,
  type StoredEvent,
  UserJid
} from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { Deferred, Effect, Exit, Fiber, Layer, Queue, Stream } from "effect"

const acme = "acme" as OrgId
const globex = "globex" as OrgId
const alice = SessionId.make("alice")
const bob = SessionId.make("bob")

/** The memory store, in-process wake-ups and the feed tailing them: what one embedded process runs. */
const Events = EventFeed.layer.pipe(Layer.provideMerge(MemoryStore.layer))

/** Appends one event of `type` for the session, committed on its own (so the feed is woken). */
const append = (orgId: OrgId, sessionId: SessionId, type: EventType = "session.status") =>
  Effect.gen(function*() {
    const store = yield* EventStore
    const at = yield* now
    const payload: EventPayload = type === "session.status"
      ? { type, sessionId, data: { status: "connected", phoneJid: null, lid: null } }
      : { type: "group.join_request", sessionId, data: { groupJid: GroupJid.make("120363000000000001@g.us"), jid: UserJid.make("6281111111111@s.whatsapp.net"), action: "created" } }
    return yield* store.append(orgId, payload, at)
  })

const appendMany = (orgId: OrgId, sessionId: SessionId, count: number) =>
  Effect.forEach(Array.from({ length: count }), () => append(orgId, sessionId))

const ids = (events: Iterable<StoredEvent>) => Array.from(events, (event) => event.id)

/** The first `count` events of a stream, failing the test if they do not come within 10 s. */
const take = <E, R>(stream: Stream.Stream<StoredEvent, E, R>, count: number) =>
  stream.pipe(Stream.take(count), Stream.runCollect, Effect.timeout("10 seconds"))

describe("the event stream", () => {
  it.live("sends the stored events after `after`, then live ones: each once, in order, across the seam", () =>
    Effect.gen(function*() {
      const stored = yield* appendMany(acme, alice, 6)
      const start = stored[1]?.id ?? null
      // While it pages the stored events (two a page), every event it is given commits another: each of those
      // is both in a later page and published live, so the seam is crossed again and again.
      const appended: Array<StoredEvent> = []
      const caughtUp = yield* Deferred.make<void>()
      const reader = yield* Effect.forkChild(eventStream(acme, { after: start }, { buffer: 1000, page: 2 }).pipe(
        Stream.tap(() =>
          appended.length < 40
            ? Effect.map(append(acme, alice), (event) => void appended.push(event))
            : Effect.asVoid(Deferred.succeed(caughtUp, undefined))
        ),
        Stream.take(4 + 40 + 1),
        Stream.runCollect,
        Effect.timeout("10 seconds")
      ))
      // Once it has given all 44, it finds no more stored and waits for live ones: the feed has published the 40
      // it already sent from the store, and one more comes now.
      yield* Deferred.await(caughtUp)
      for (let turn = 0; turn < 10; turn++) yield* Effect.yieldNow
      const marker = yield* append(acme, alice)
      assert.deepStrictEqual(ids(yield* Fiber.join(reader)), ids([...stored.slice(2), ...appended, marker]))
      // And committed concurrently, from another fiber.
      const concurrent = yield* Effect.forkChild(take(eventStream(acme, { after: marker.id }, { buffer: 1000, page: 3 }), 200))
      const live = yield* appendMany(acme, alice, 200)
      assert.deepStrictEqual(ids(yield* Fiber.join(concurrent)), ids(live))
    }).pipe(Effect.provide(Events)))

  it.live("without `after` starts with events committed from now on", () =>
    Effect.gen(function*() {
      yield* appendMany(acme, alice, 3)
      const stream = eventStream(acme, { after: null })
      const reader = yield* Effect.forkChild(take(stream, 2))
      // The subscription is made when the stream starts: wait until the feed has it.
      const feed = yield* EventFeed
      while ((yield* feed.subscribers) === 0) yield* Effect.yieldNow
      const later = yield* appendMany(acme, alice, 2)
      assert.deepStrictEqual(ids(yield* Fiber.join(reader)), ids(later))
    }).pipe(Effect.provide(Events)))

  it.live("filters by type and session, and never shows another organisation's events", () =>
    Effect.gen(function*() {
      const first = yield* append(acme, alice)
      const wanted: Array<StoredEvent> = []
      for (let i = 0; i < 4; i++) {
        yield* append(globex, alice)
        yield* append(acme, bob)
        yield* append(acme, alice, "group.join_request")
        wanted.push(yield* append(acme, alice))
      }
      const onlyAlice = yield* take(eventStream(acme, { after: first.id, sessionId: alice, types: ["session.status"] }), 4)
      assert.deepStrictEqual(ids(onlyAlice), ids(wanted))
      const requests = yield* take(eventStream(acme, { after: first.id, types: ["group.join_request"] }), 4)
      assert.isTrue(requests.every((event) => event.type === "group.join_request" && event.orgId === acme))
      const globexOnly = yield* take(eventStream(globex, { after: first.id }), 4)
      assert.isTrue(globexOnly.every((event) => event.orgId === globex))
    }).pipe(Effect.provide(Events)))

  it.live("a client that resumes after the last id it got receives the rest exactly once", () =>
    Effect.gen(function*() {
      const first = yield* append(acme, alice)
      const all = yield* appendMany(acme, alice, 30)
      const part = yield* take(eventStream(acme, { after: first.id }, { buffer: 1000, page: 7 }), 12)
      const rest = yield* take(eventStream(acme, { after: part.at(-1)?.id ?? null }, { buffer: 1000, page: 7 }), 18)
      assert.deepStrictEqual(ids([...part, ...rest]), ids(all))
    }).pipe(Effect.provide(Events)))

  it.live("a feed lagging behind the store never fills a buffer with events the stream reads from the store", () =>
    Effect.gen(function*() {
      // The feed hears only these wake-ups (and polls once an hour): it reads the store when the test says so.
      const hub = yield* wakeupHub
      const lagging = EventFeed.layerWith({ batch: 500, pollEvery: "1 hour" }).pipe(
        Layer.provide(Layer.succeed(EventWakeups)(EventWakeups.of(hub))),
        Layer.provideMerge(MemoryStore.layer)
      )
      yield* Effect.scoped(Effect.gen(function*() {
        const feed = yield* EventFeed
        // Subscribed before anything is appended (a subscription waits for the feed to know where it starts), the
        // probe later sees the feed publish the backlog.
        const probe = yield* feed.subscribe(acme, {}, 100)
        const first = yield* append(acme, alice)
        // Ten events the feed has not read yet, as when its tail lags behind a burst.
        const backlog = yield* appendMany(acme, alice, 10)
        // A client starting now, with room for two live events: it subscribes as it opens.
        const newcomer = yield* openEventStream(acme, { after: null }, { buffer: 2, page: 100 })
        // A client resuming after `first`, with the same room: it reads the backlog from the store, then subscribes.
        const resumed = yield* Effect.forkChild(take(eventStream(acme, { after: first.id }, { buffer: 2, page: 100 }), 12))
        while ((yield* feed.subscribers) < 3) yield* Effect.yieldNow
        // The feed catches up. The backlog is older than where both streams stand, so neither buffer holds it,
        // and neither is cut off.
        yield* hub.notify
        let published = (yield* Queue.take(probe.queue)).id
        while (published !== backlog.at(-1)?.id) published = (yield* Queue.take(probe.queue)).id
        assert.strictEqual(yield* feed.subscribers, 3, "both streams (and the probe) are still subscribed")
        const live = yield* appendMany(acme, alice, 2)
        yield* hub.notify
        assert.deepStrictEqual(ids(yield* Fiber.join(resumed)), ids([...backlog, ...live]))
        assert.deepStrictEqual(ids(yield* take(newcomer, 2)), ids(live))
      })).pipe(Effect.provide(lagging))
    }))

  it.live("a resuming client is never cut off while it catches up, however many events come meanwhile", () =>
    Effect.gen(function*() {
      const feed = yield* EventFeed
      // A probe sees what the feed publishes: the test waits for it, so the feed never lags here.
      const probe = yield* feed.subscribe(acme, {}, 1000)
      const first = yield* append(acme, alice)
      const stored = yield* appendMany(acme, alice, 5)
      // Every event it is given makes three more (42 in all), published live before it reads on; it has room for
      // two live events and reads pages of four. They reach it from the store, not through its buffer.
      const made: Array<StoredEvent> = []
      const published = (id: string) =>
        Effect.gen(function*() {
          while ((yield* Queue.take(probe.queue)).id !== id) yield* Effect.void
        })
      const received: Array<StoredEvent> = []
      const reader = yield* Effect.forkChild(eventStream(acme, { after: first.id }, { buffer: 2, page: 4 }).pipe(
        Stream.runForEach((event) => {
          received.push(event)
          if (made.length >= 42) return Effect.void
          return Effect.flatMap(appendMany(acme, alice, 3), (events) => {
            made.push(...events)
            return published(events[2]?.id ?? "")
          })
        })
      ))
      // Caught up, subscribed and waiting for live events; or ended (cut off).
      while (reader.pollUnsafe() === undefined && !(received.length === 47 && (yield* feed.subscribers) === 2)) yield* Effect.yieldNow
      assert.isUndefined(reader.pollUnsafe(), "still reading: not cut off")
      const live = yield* appendMany(acme, alice, 2)
      while (received.length < 49 && reader.pollUnsafe() === undefined) yield* Effect.yieldNow
      assert.deepStrictEqual(ids(received), ids([...stored, ...made, ...live]))
      yield* Fiber.interrupt(reader)
    }).pipe(Effect.scoped, Effect.provide(Events)), 10_000)

  it.live("a subscriber that lets its buffer fill is cut off after the events it holds, and says where to resume", () =>
    Effect.gen(function*() {
      const feed = yield* EventFeed
      const first = yield* append(acme, alice)
      yield* Effect.scoped(Effect.gen(function*() {
        const { queue } = yield* feed.subscribe(acme, {}, 3)
        const sent = yield* appendMany(acme, alice, 5)
        // The feed drops it once the fourth event finds its buffer full.
        while ((yield* feed.subscribers) > 0) yield* Effect.yieldNow
        const taken: Array<StoredEvent> = []
        for (;;) {
          const next = yield* Effect.exit(Queue.take(queue))
          if (Exit.isFailure(next)) break
          taken.push(next.value)
        }
        // The feed may not have read `first` before the subscription: then it is the first live one.
        const published = ids([first, ...sent]).filter((id) => id >= (taken[0]?.id ?? ""))
        assert.deepStrictEqual(ids(taken), published.slice(0, 3))
      }))
      // The same through a live stream: cut off with `EventStreamTooSlow` naming the last event it emitted.
      // Every event it is given makes three more, so its buffer of two fills.
      const emitted: Array<StoredEvent> = []
      const tooSlow = yield* Effect.scoped(Effect.gen(function*() {
        const stream = yield* openEventStream(acme, { after: null }, { buffer: 2, page: 100 })
        yield* append(acme, alice)
        return yield* stream.pipe(
          Stream.tap((event) => Effect.andThen(Effect.sync(() => emitted.push(event)), appendMany(acme, alice, 3))),
          Stream.runDrain,
          Effect.flip,
          Effect.timeout("10 seconds")
        )
      }))
      assert.strictEqual(tooSlow._tag, "EventStreamTooSlow")
      if (tooSlow._tag === "EventStreamTooSlow") assert.strictEqual(tooSlow.resumeAfter, emitted.at(-1)?.id)
      assert.deepStrictEqual(ids(emitted), [...ids(emitted)].sort())
    }).pipe(Effect.provide(Events)))
})
