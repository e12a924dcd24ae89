import { assert, layer, type Vitest } from "@effect/vitest"
import { type EventPayload, EventStore, MessageId, type StoredEvent } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { at, freshOrgId, freshSessionId, groupJids, makeGroupInfo, lidJid, uniqueTag, userJid } from "./fixtures.ts"

const payloads = (): ReadonlyArray<EventPayload> => {
  const sessionId = freshSessionId()
  const info = makeGroupInfo(groupJids()(1))
  return [
    { _tag: "session.status", sessionId, status: "connected", phoneJid: userJid(1), lid: lidJid(1) },
    {
      _tag: "group.updated",
      sessionId,
      group: {
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
    { _tag: "group.participants", sessionId, groupJid: info.groupJid, action: "add", participants: [userJid(2), userJid(3)] },
    { _tag: "group.join_request", sessionId, groupJid: info.groupJid, jid: lidJid(4), action: "cancelled" },
    { _tag: "message.status", sessionId, messageId: MessageId.make(`msg-${uniqueTag()}`), status: "failed", error: "boom" },
    { _tag: "message.status", sessionId, messageId: MessageId.make(`msg-${uniqueTag()}`), status: "read" }
  ]
}

const sessionStatus = (): EventPayload => ({ _tag: "session.status", sessionId: freshSessionId(), status: "connecting", phoneJid: null, lid: null })

const ids = (events: ReadonlyArray<StoredEvent>) => events.map((e) => e.id)

/** Registers the `EventStore` tests on `it`. */
export const eventStoreTests = (it: Vitest.MethodsNonLive<EventStore>): void => {
  it.effect("append returns the stored event with an increasing id", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const orgId = freshOrgId()
      const stored: Array<StoredEvent> = []
      for (const [i, payload] of payloads().entries()) {
        const event = yield* events.append(orgId, payload, at(i))
        assert.deepStrictEqual(event, { id: event.id, orgId, createdAt: at(i), payload })
        assert.isTrue(Number.isSafeInteger(event.id))
        stored.push(event)
      }
      const storedIds = ids(stored)
      assert.deepStrictEqual(storedIds, [...new Set(storedIds)].sort((a, b) => a - b), "ids strictly increase")
      assert.deepStrictEqual(yield* events.since(orgId, 0, 100), stored, "every payload kind reads back as written")
    }))

  it.effect("since returns the organisation's events after an id, oldest first, limited", () =>
    Effect.gen(function*() {
      const events = yield* EventStore
      const [orgId, other] = [freshOrgId(), freshOrgId()]
      const mine: Array<StoredEvent> = []
      for (let i = 0; i < 5; i++) {
        mine.push(yield* events.append(orgId, sessionStatus(), at(i)))
        yield* events.append(other, sessionStatus(), at(i))
      }
      const e = (i: number): number => mine[i - 1]?.id ?? assert.fail(`no event ${i}`)

      assert.deepStrictEqual(yield* events.since(orgId, 0, 100), mine)
      assert.deepStrictEqual(ids(yield* events.since(orgId, e(2), 100)), [e(3), e(4), e(5)])
      assert.deepStrictEqual(ids(yield* events.since(orgId, 0, 2)), [e(1), e(2)])
      assert.deepStrictEqual(ids(yield* events.since(orgId, e(3), 1)), [e(4)])
      assert.deepStrictEqual(yield* events.since(orgId, e(5), 100), [])
      assert.deepStrictEqual(yield* events.since(freshOrgId(), 0, 100), [])
      assert.isTrue((yield* events.since(other, 0, 100)).every((e) => e.orgId === other))
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
      const sorted = ids(appended).sort((a, b) => a - b)
      assert.strictEqual(new Set(sorted).size, 20)
      assert.deepStrictEqual(ids(yield* events.since(orgId, 0, 100)), sorted)
    }))
}

/** The `EventStore` contract: every adapter of the port must pass it. */
export const eventStoreContract = <E>(name: string, storeLayer: Layer.Layer<EventStore, E>): void =>
  layer(storeLayer)(name, eventStoreTests)
