import { assert, layer, type Vitest } from "@effect/vitest"
import { EventId, type EventPayload, EventStore, MessageId, type StoredEvent, WaMessageId } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { at, freshOrgId, freshSessionId, groupJids, makeGroupInfo, lidJid, uniqueTag, untilVisible, userJid } from "./fixtures.ts"

const payloads = (): ReadonlyArray<EventPayload> => {
  const sessionId = freshSessionId()
  const info = makeGroupInfo(groupJids()(1))
  return [
    { type: "session.status", sessionId, data: { status: "connected", phoneJid: userJid(1), lid: lidJid(1) } },
    {
      type: "group.updated",
      sessionId,
      data: {
        groupJid: info.groupJid,
        subject: info.subject,
        description: null,
        ownerJid: info.ownerJid,
        participants: 1,
        isAnnounce: false,
        isLocked: true,
        joinApproval: false,
        memberAddMode: "admin_add",
        createdAt: info.createdAt,
        left: false
      }
    },
    {
      type: "group.participants",
      sessionId,
      data: { groupJid: info.groupJid, action: "add", participants: [userJid(2), lidJid(3)], author: userJid(1) }
    },
    { type: "group.participants", sessionId, data: { groupJid: info.groupJid, action: "remove", participants: [userJid(2)], author: null } },
    { type: "group.join_request", sessionId, data: { groupJid: info.groupJid, jid: lidJid(4), action: "cancelled" } },
    {
      type: "message.status",
      sessionId,
      data: {
        id: MessageId.make(`msg-${uniqueTag()}`),
        sessionId,
        to: info.groupJid,
        type: "text",
        status: "failed",
        waMessageId: WaMessageId.make("3EB0AAAAAAAAAAAAAAAAAA"),
        attempts: 1,
        createdAt: at(1),
        updatedAt: at(2),
        error: { code: "whatsapp_error", message: "boom" }
      }
    }
  ]
}

const sessionStatus = (sessionId = freshSessionId()): EventPayload => ({
  type: "session.status",
  sessionId,
  data: { status: "connecting", phoneJid: null, lid: null }
})

const ids = (events: ReadonlyArray<StoredEvent>) => events.map((e) => e.id)
const sortedIds = (events: ReadonlyArray<StoredEvent>) => ids(events).sort()

/** Registers the `EventStore` tests on `it`. */
export const eventStoreTests = (it: Vitest.MethodsNonLive<EventStore>): void => {
  it.effect("append returns the stored event with an id that sorts after the previous ones; every kind reads back", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const orgId = freshOrgId()
      const stored: Array<StoredEvent> = []
      for (const [i, payload] of payloads().entries()) {
        const event = yield* events.append(orgId, payload, at(i))
        assert.deepStrictEqual(event, { ...payload, id: event.id, orgId, occurredAt: at(i) })
        assert.match(event.id, /^[0-9a-f]{32}$/)
        stored.push(event)
      }
      assert.deepStrictEqual(ids(stored), [...new Set(sortedIds(stored))], "ids strictly increase as strings")
      yield* untilVisible(stored[stored.length - 1]?.id ?? assert.fail("no event appended"))
      assert.deepStrictEqual(yield* events.history(orgId, { after: null, limit: 100 }), stored)
    }))

  it.effect("history: the organisation's events after an id, oldest first, limited, filtered by type and session", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const [orgId, other] = [freshOrgId(), freshOrgId()]
      const [s1, s2] = [freshSessionId(), freshSessionId()]
      const mine: Array<StoredEvent> = []
      let last: StoredEvent | null = null
      for (let i = 0; i < 5; i++) {
        mine.push(yield* events.append(orgId, sessionStatus(i % 2 === 0 ? s1 : s2), at(i)))
        last = yield* events.append(other, sessionStatus(s1), at(i))
      }
      yield* untilVisible(last?.id ?? assert.fail("no event appended"))
      const e = (i: number) => mine[i - 1]?.id ?? assert.fail(`no event ${i}`)
      const read = (after: StoredEvent["id"] | null, limit: number, filter: { types?: ReadonlyArray<StoredEvent["type"]>; sessionId?: typeof s1 } = {}) =>
        Effect.map(events.history(orgId, { after, limit, ...filter }), ids)

      assert.deepStrictEqual(yield* events.history(orgId, { after: null, limit: 100 }), mine)
      assert.deepStrictEqual(yield* read(e(2), 100), [e(3), e(4), e(5)])
      assert.deepStrictEqual(yield* read(null, 2), [e(1), e(2)])
      assert.deepStrictEqual(yield* read(e(3), 1), [e(4)])
      assert.deepStrictEqual(yield* read(e(5), 100), [])
      assert.deepStrictEqual(yield* read(null, 100, { sessionId: s2 }), [e(2), e(4)])
      assert.deepStrictEqual(yield* read(e(2), 100, { sessionId: s1 }), [e(3), e(5)])
      assert.deepStrictEqual(yield* read(null, 100, { types: ["group.updated", "message.status"] }), [])
      assert.deepStrictEqual(yield* read(null, 2, { types: ["session.status"], sessionId: s1 }), [e(1), e(3)])
      assert.deepStrictEqual(yield* events.history(freshOrgId(), { after: null, limit: 100 }), [])
      assert.isTrue((yield* events.history(other, { after: null, limit: 100 })).every((event) => event.orgId === other))
    }))

  it.effect("feed reads every organisation's events after an id; latest is the newest id", () =>
    Effect.gen(function*() {
      // Safe on a shared database: events other writers append meanwhile are told apart by organisation.
      const events = yield* EventStore
      const start = yield* events.latest
      const [a, b] = [freshOrgId(), freshOrgId()]
      const mine = (list: ReadonlyArray<StoredEvent>) => list.filter((event) => event.orgId === a || event.orgId === b)
      const first = yield* events.append(a, sessionStatus(), at(1))
      yield* untilVisible(first.id)
      const latest = yield* events.latest
      assert.isTrue(latest !== null && latest >= first.id, "latest is at least the newest visible event")
      if (start !== null) assert.isTrue(first.id > start)
      const second = yield* events.append(b, sessionStatus(), at(2))
      yield* untilVisible(second.id)
      assert.deepStrictEqual(mine(yield* events.feed(start, 1000)), [first, second])
      assert.deepStrictEqual(ids(mine(yield* events.feed(first.id, 1000))), [second.id])
      assert.isTrue((yield* events.feed(first.id, 1)).every((event) => event.id > first.id), "a feed starts after its id")
      assert.deepStrictEqual(mine(yield* events.feed(second.id, 1000)), [])
      const last = yield* events.latest
      assert.isTrue(last !== null && last >= second.id)
    }))

  it.effect("an id past every event, or with a second half past a 64-bit integer, reads nothing after it", () =>
    Effect.gen(function*() {
      // Ids are any 32 hex digits (a client's Last-Event-ID); the store reads after them without failing.
      const events = yield* EventStore
      const orgId = freshOrgId()
      const event = yield* events.append(orgId, sessionStatus(), at(1))
      yield* untilVisible(event.id)
      const top = EventId.make("f".repeat(32))
      assert.deepStrictEqual(yield* events.history(orgId, { after: top, limit: 10 }), [])
      assert.deepStrictEqual(yield* events.feed(top, 10), [])
      // The same transaction's half with the largest second half: after every event of that transaction.
      const pastItsTransaction = EventId.make(`${event.id.slice(0, 16)}${"f".repeat(16)}`)
      assert.deepStrictEqual(yield* events.history(orgId, { after: pastItsTransaction, limit: 10 }), [])
      const beforeIt = EventId.make(`${event.id.slice(0, 16)}${"0".repeat(16)}`)
      assert.deepStrictEqual(ids(yield* events.history(orgId, { after: beforeIt, limit: 10 })), [event.id])
    }))

  it.effect("concurrent appends get distinct ids, read back in id order", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const orgId = freshOrgId()
      const appended = yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) => events.append(orgId, sessionStatus(), at(i)),
        { concurrency: "unbounded" }
      )
      const sorted = sortedIds(appended)
      assert.strictEqual(new Set(sorted).size, 20)
      yield* untilVisible(sorted[sorted.length - 1] ?? assert.fail("no event appended"))
      assert.deepStrictEqual(ids(yield* events.history(orgId, { after: null, limit: 100 })), sorted)
    }))

  it.effect("prune deletes the events that occurred before a time, and only those", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const orgId = freshOrgId()
      // Far in the past, so that other tests' events (at 2026-01-01) are not pruned under them.
      const old = yield* events.append(orgId, sessionStatus(), at(-100_000_000))
      const kept = yield* events.append(orgId, sessionStatus(), at(-10_000_000))
      yield* untilVisible(kept.id)
      assert.isAtLeast(yield* events.prune(at(-50_000_000)), 1)
      const left = yield* events.history(orgId, { after: null, limit: 10 })
      assert.deepStrictEqual(ids(left), [kept.id])
      assert.notInclude(ids(left), old.id)
    }))
}

/** The `EventStore` contract: every adapter of the port must pass it. */
export const eventStoreContract = <E>(name: string, storeLayer: Layer.Layer<EventStore, E>): void =>
  layer(storeLayer)(name, eventStoreTests)
