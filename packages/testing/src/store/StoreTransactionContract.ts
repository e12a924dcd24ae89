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
  StoreTransaction,
  WaMessageId
} from "@wagate/core"
import { Effect, Exit, Option } from "effect"
import { assertNone, at, freshMessageId, freshOrgId, freshOwner, freshSessionId, getSome, makeMessage, makeSession, uniqueTag } from "./fixtures.ts"

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

/** A session and its event written in one body that then fails; answers what the body wrote. */
const failingBody = (nested: boolean) =>
  Effect.gen(function*() {
    const transaction = yield* StoreTransaction
    const sessions = yield* SessionStore
    const events = yield* EventStore
    const orgId = freshOrgId()
    const sessionId = freshSessionId()
    const writes = Effect.gen(function*() {
      yield* sessions.insert(makeSession(orgId, sessionId))
      yield* events.append(orgId, statusEvent(sessionId), at(1))
    })
    const exit = yield* Effect.exit(transaction.atomically(Effect.gen(function*() {
      yield* nested ? transaction.atomically(writes) : writes
      return yield* Effect.fail("the use-case changed its mind" as const)
    })))
    assert.isTrue(Exit.isFailure(exit), "the body's failure is the transaction's")
    return { orgId, sessionId }
  })

/** Registers the `StoreTransaction` tests on `it`. */
export const storeTransactionTests = (
  it: Vitest.MethodsNonLive<StoreTransactionContractServices>,
  options: StoreTransactionContractOptions
): void => {
  it.effect("a body's writes and its event commit together, and its result is the transaction's", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const sessions = yield* SessionStore
      const events = yield* EventStore
      const orgId = freshOrgId()
      const sessionId = freshSessionId()
      const appended = yield* transaction.atomically(Effect.gen(function*() {
        yield* sessions.insert(makeSession(orgId, sessionId))
        return yield* events.append(orgId, statusEvent(sessionId), at(1))
      }))
      assert.deepStrictEqual(getSome(yield* sessions.find(sessionId)), makeSession(orgId, sessionId))
      assert.deepStrictEqual(yield* eventsOf(orgId), [appended], "the event is readable once the transaction returned")
    }))

  it.effect("a message's status, its idempotency key's completion and its event commit together", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const messages = yield* MessageStore
      const idempotency = yield* IdempotencyStore
      const events = yield* EventStore
      const owner = yield* freshOwner
      const message = makeMessage(owner, freshMessageId())
      const key = `key-${uniqueTag()}`
      yield* messages.insert(message)
      assert.strictEqual((yield* idempotency.reserve(owner.orgId, key, "fp", at(40)))._tag, "Reserved")

      const waMessageId = WaMessageId.make(`WA${uniqueTag().toUpperCase()}`)
      const result: SendResult = {
        id: message.id,
        sessionId: message.sessionId,
        to: message.to,
        type: message.type,
        status: "sent",
        waMessageId,
        attempts: message.attempts,
        createdAt: message.createdAt,
        updatedAt: at(41),
        error: null
      }
      const updated = yield* transaction.atomically(Effect.gen(function*() {
        const updated = yield* messages.update(message.id, { status: "sent", waMessageId, at: at(41) })
        yield* idempotency.complete(owner.orgId, key, { result, async: false })
        yield* events.append(owner.orgId, { type: "message.status", sessionId: owner.sessionId, data: result }, at(41))
        return updated
      }))
      assert.deepStrictEqual(getSome(updated), { ...message, status: "sent", waMessageId, updatedAt: at(41) })
      assert.deepStrictEqual(
        yield* idempotency.reserve(owner.orgId, key, "fp", at(42)),
        { _tag: "Completed", fingerprint: "fp", outcome: { result, async: false } }
      )
      assert.deepStrictEqual((yield* eventsOf(owner.orgId)).map((e) => e.data), [result])
    }))

  if (options.rollsBack) {
    it.effect("a body that fails commits nothing: neither its writes nor its event", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(false)
        assertNone(yield* (yield* SessionStore).find(sessionId), "the session was not stored")
        assert.deepStrictEqual(yield* eventsOf(orgId), [], "the event was not stored")
      }))

    it.effect("a nested transaction joins the outer one: the outer's failure undoes the inner's writes", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(true)
        assertNone(yield* (yield* SessionStore).find(sessionId), "the inner body's session went with the outer")
        assert.deepStrictEqual(yield* eventsOf(orgId), [], "the inner body's event went with the outer")
      }))
  } else {
    it.effect("a body that fails keeps the writes it made before failing (no rollback, documented)", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(false)
        assert.isTrue(Option.isSome(yield* (yield* SessionStore).find(sessionId)))
        assert.strictEqual((yield* eventsOf(orgId)).length, 1)
      }))

    it.effect("a nested transaction runs inside the outer one (no deadlock) and its writes stay with the outer's", () =>
      Effect.gen(function*() {
        const { orgId, sessionId } = yield* failingBody(true)
        assert.isTrue(Option.isSome(yield* (yield* SessionStore).find(sessionId)))
        assert.strictEqual((yield* eventsOf(orgId)).length, 1)
      }))
  }

  it.effect("a nested transaction commits with the outer one", () =>
    Effect.gen(function*() {
      const transaction = yield* StoreTransaction
      const sessions = yield* SessionStore
      const events = yield* EventStore
      const orgId = freshOrgId()
      const [outer, inner] = [freshSessionId(), freshSessionId()]
      yield* transaction.atomically(Effect.gen(function*() {
        yield* sessions.insert(makeSession(orgId, outer))
        yield* transaction.atomically(Effect.gen(function*() {
          yield* sessions.insert(makeSession(orgId, inner))
          yield* events.append(orgId, statusEvent(inner), at(1))
        }))
        yield* events.append(orgId, statusEvent(outer), at(2))
      }))
      assert.isTrue(Option.isSome(yield* sessions.find(outer)))
      assert.isTrue(Option.isSome(yield* sessions.find(inner)))
      assert.deepStrictEqual((yield* eventsOf(orgId)).map((e) => e.sessionId), [inner, outer], "one transaction's events, in append order")
    }))
}
