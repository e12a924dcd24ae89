import { assert, type Vitest } from "@effect/vitest"
import {
  type EventPayload,
  EventStore,
  IdempotencyStore,
  MessageStore,
  type OrgId,
  type SendResult,
  type SessionId,
  SessionStore,
  StoreTransaction
} from "@wagate/core"
import { Effect, Exit, Option } from "effect"
import {
  assertNone,
  at,
  freshMessageId,
  freshOrgId,
  freshOwner,
  freshSessionId,
  getSome,
  makeMessage,
  makeSession,
  uniqueTag,
  untilVisible
} from "./fixtures.ts"

/** What the transaction suite needs: the stores whose writes it groups, and the transactions themselves. */
export type StoreTransactionContractServices = StoreTransaction | EventStore | SessionStore | MessageStore | IdempotencyStore

export interface StoreTransactionContractOptions {
  /**
   * Whether a body that fails leaves nothing behind. True for the SQL adapters (one database transaction); the
   * memory store only keeps other store calls out while a body runs, and keeps the writes made before a failure.
   */
  readonly rollsBack: boolean
}

const statusEvent = (sessionId: SessionId): EventPayload => ({
  type: "session.status",
  sessionId,
  data: { status: "pairing", phoneJid: null, lid: null }
})

const eventsOf = Effect.fn("contract.eventsOf")(function*(orgId: OrgId) {
  const events = yield* EventStore
  return yield* events.history(orgId, { after: null, limit: 100 })
})

/** A session stored with its status event, as a use-case's transaction holds a change and its event; answers the event. */
const sessionWithEvent = Effect.fn("contract.sessionWithEvent")(function*(orgId: OrgId, sessionId: SessionId) {
  const sessions = yield* SessionStore
  const events = yield* EventStore
  yield* sessions.insert(makeSession(orgId, sessionId))
  return yield* events.append(orgId, statusEvent(sessionId), at(1))
})

/** A session and its event written (by a nested transaction when `nested`) in a body that then fails. */
const failingBody = Effect.fn("contract.failingBody")(function*(nested: boolean) {
  const transaction = yield* StoreTransaction
  const orgId = freshOrgId()
  const sessionId = freshSessionId()
  const writes = sessionWithEvent(orgId, sessionId)
  const exit = yield* Effect.exit(transaction.atomically(Effect.gen(function*() {
    yield* nested ? transaction.atomically(writes) : writes
    return yield* Effect.fail("the use-case changed its mind" as const)
  })))
  assert.isTrue(Exit.isFailure(exit), "the body's failure is the transaction's")
  // A later event of the same organisation, once visible, shows that anything the failed body committed would be.
  const marker = yield* (yield* EventStore).append(orgId, statusEvent(freshSessionId()), at(2))
  yield* untilVisible(marker.id)
  return { orgId, sessionId, marker }
})

/** Registers the `StoreTransaction` tests on `it`. */
export const storeTransactionTests = (
  it: Vitest.MethodsNonLive<StoreTransactionContractServices>,
  options: StoreTransactionContractOptions
): void => {
  it.effect("a body's writes and its event commit together, and its result is the transaction's", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const orgId = freshOrgId()
      const sessionId = freshSessionId()
      const appended = yield* transaction.atomically(sessionWithEvent(orgId, sessionId))
      yield* untilVisible(appended.id)
      assert.deepStrictEqual(getSome(yield* (yield* SessionStore).find(sessionId)), makeSession(orgId, sessionId))
      assert.deepStrictEqual(yield* eventsOf(orgId), [appended], "the event is readable once the transaction returned")
    }))

  it.effect("an accepted message, its idempotency key and its event commit together", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const messages = yield* MessageStore
      const idempotency = yield* IdempotencyStore
      const events = yield* EventStore
      const owner = yield* freshOwner
      const message = makeMessage(owner, freshMessageId())
      const key = `key-${uniqueTag()}`
      const claim = { fingerprint: "fp", messageId: message.id, async: true, at: at(40) }
      const result: SendResult = {
        id: message.id,
        sessionId: message.sessionId,
        to: message.to,
        type: message.type,
        status: "queued",
        waMessageId: message.waMessageId,
        attempts: message.attempts,
        createdAt: message.createdAt,
        updatedAt: message.updatedAt,
        error: null
      }
      const event = yield* transaction.atomically(Effect.gen(function*() {
        assertNone(yield* idempotency.claim(owner.orgId, key, claim), "claimed")
        yield* messages.insert(message)
        return yield* events.append(owner.orgId, { type: "message.status", sessionId: owner.sessionId, data: result }, at(40))
      }))
      yield* untilVisible(event.id)
      assert.deepStrictEqual(getSome(yield* messages.get(owner.orgId, owner.sessionId, message.id)), message)
      assert.deepStrictEqual(getSome(yield* idempotency.find(owner.orgId, key)), { _tag: "Message", fingerprint: "fp", messageId: message.id, async: true })
      assert.deepStrictEqual((yield* eventsOf(owner.orgId)).map((e) => e.data), [result])
    }))

  if (options.rollsBack) {
    it.effect("a body that fails commits nothing: neither its writes nor its event", () =>
      Effect.gen(function*() {
        const { orgId, sessionId, marker } = yield* failingBody(false)
        assertNone(yield* (yield* SessionStore).find(sessionId), "the session was not stored")
        assert.deepStrictEqual(yield* eventsOf(orgId), [marker], "the event was not stored")
      }))

    it.effect("a nested transaction joins the outer one: the outer's failure undoes the inner's writes", () =>
      Effect.gen(function*() {
        const { orgId, sessionId, marker } = yield* failingBody(true)
        assertNone(yield* (yield* SessionStore).find(sessionId), "the inner body's session went with the outer")
        assert.deepStrictEqual(yield* eventsOf(orgId), [marker], "the inner body's event went with the outer")
      }))
  } else {
    it.effect("a body that fails keeps the writes it made before failing (no rollback, documented)", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(false)
        assert.isTrue(Option.isSome(yield* (yield* SessionStore).find(sessionId)))
        assert.strictEqual((yield* eventsOf(orgId)).length, 2, "the body's event and the marker")
      }))

    it.effect("a nested transaction runs inside the outer one (no deadlock) and its writes stay with the outer's", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(true)
        assert.isTrue(Option.isSome(yield* (yield* SessionStore).find(sessionId)))
        assert.strictEqual((yield* eventsOf(orgId)).length, 2, "the body's event and the marker")
      }))
  }

  it.effect("a nested transaction commits with the outer one", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const sessions = yield* SessionStore
      const orgId = freshOrgId()
      const [outer, inner] = [freshSessionId(), freshSessionId()]
      const last = yield* transaction.atomically(Effect.gen(function*() {
        yield* sessionWithEvent(orgId, outer)
        return yield* transaction.atomically(sessionWithEvent(orgId, inner))
      }))
      yield* untilVisible(last.id)
      assert.isTrue(Option.isSome(yield* sessions.find(outer)))
      assert.isTrue(Option.isSome(yield* sessions.find(inner)))
      assert.deepStrictEqual((yield* eventsOf(orgId)).map((e) => e.sessionId), [outer, inner], "one transaction's events, in append order")
    }))
}
