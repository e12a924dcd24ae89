import { assert, layer, type Vitest } from "@effect/vitest"
import { IdempotencyStore, MessageId, MessageStore, type SessionOwner, SessionStore, WaMessageId } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { assertNone, at, freshMessageId, freshOrgId, freshOwner, getSome, makeMessage, siblingOwner, uniqueTag, userJid } from "./fixtures.ts"

/** What the message suite needs: messages are stored under sessions, which adapters may require to exist. */
export type MessageStoreContractServices = MessageStore | SessionStore | IdempotencyStore

const freshWaId = (): WaMessageId => WaMessageId.make(`WA${uniqueTag().toUpperCase()}`)

/** Registers the `MessageStore` tests on `it`. */
export const messageStoreTests = (it: Vitest.MethodsNonLive<MessageStoreContractServices>): void => {
  it.effect("insert then get returns the message to its organisation and session only", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const message = makeMessage(owner, freshMessageId(), {
        type: "poll",
        request: { type: "poll", to: userJid(2), name: "Lunch?", options: ["yes", "no"], selectableCount: 1 }
      })
      yield* messages.insert(message)

      assert.deepStrictEqual(getSome(yield* messages.get(owner.orgId, owner.sessionId, message.id)), message)
      assertNone(yield* messages.get(freshOrgId(), owner.sessionId, message.id), "no message for another organisation")
      assertNone(yield* messages.get(owner.orgId, sibling.sessionId, message.id), "no message for another session")
      assertNone(yield* messages.get(owner.orgId, owner.sessionId, freshMessageId()), "no unknown message")
    }))

  it.effect("update sets status and updatedAt, and the fields it names; None when absent", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const owner = yield* freshOwner
      const message = makeMessage(owner, freshMessageId())
      const waId = freshWaId()
      yield* messages.insert(message)

      const sent = getSome(yield* messages.update(message.id, { status: "sent", waMessageId: waId, attempts: 1, at: at(20) }))
      const expected = { ...message, status: "sent" as const, waMessageId: waId, attempts: 1, updatedAt: at(20) }
      assert.deepStrictEqual(sent, expected)
      assert.deepStrictEqual(getSome(yield* messages.get(owner.orgId, owner.sessionId, message.id)), expected)

      const delivered = getSome(yield* messages.update(message.id, { status: "delivered", at: at(21) }))
      assert.deepStrictEqual(delivered, { ...expected, status: "delivered", updatedAt: at(21) }, "fields left out are kept")

      const error = { code: "whatsapp_error" as const, message: "socket closed" }
      const failed = getSome(yield* messages.update(message.id, { status: "failed", error, attempts: 2, at: at(22) }))
      assert.deepStrictEqual(failed.error, error)
      assert.deepStrictEqual(getSome(yield* messages.get(owner.orgId, owner.sessionId, message.id)).error, error, "the error is stored")
      assert.strictEqual(failed.attempts, 2)
      assert.strictEqual(failed.waMessageId, waId)
      const cleared = getSome(yield* messages.update(message.id, { status: "queued", error: null, at: at(23) }))
      assert.isNull(cleared.error, "error: null clears the error")
      assert.strictEqual(cleared.createdAt, message.createdAt)

      assertNone(yield* messages.update(freshMessageId(), { status: "sent", at: at(24) }), "no unknown message")
    }))

  it.effect("countByStatus counts messages in each status, across organisations", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const count = (rows: ReadonlyArray<{ readonly status: string; readonly count: number }>, status: string) =>
        rows.find((row) => row.status === status)?.count ?? 0
      const before = yield* messages.countByStatus
      const owner = yield* freshOwner
      const other = yield* freshOwner
      const sent = makeMessage(owner, freshMessageId())
      yield* messages.insert(sent)
      yield* messages.update(sent.id, { status: "sent", at: at(30) })
      yield* messages.insert(makeMessage(other, freshMessageId()))
      yield* messages.insert(makeMessage(other, freshMessageId()))
      const after = yield* messages.countByStatus
      assert.strictEqual(count(after, "sent") - count(before, "sent"), 1)
      assert.strictEqual(count(after, "queued") - count(before, "queued"), 2)
      assert.isTrue(after.every((row) => row.count > 0), "only statuses that have messages")
    }))

  it.effect("findByWaId finds a message by its WhatsApp id within its session", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const message = makeMessage(owner, freshMessageId())
      const waId = freshWaId()
      yield* messages.insert(message)
      yield* messages.insert(makeMessage(sibling, freshMessageId()))
      assertNone(yield* messages.findByWaId(owner.sessionId, waId), "not before it has the id")

      const sent = getSome(yield* messages.update(message.id, { status: "sent", waMessageId: waId, at: at(20) }))
      assert.deepStrictEqual(getSome(yield* messages.findByWaId(owner.sessionId, waId)), sent)
      assertNone(yield* messages.findByWaId(sibling.sessionId, waId), "no message of another session")
      assertNone(yield* messages.findByWaId(owner.sessionId, freshWaId()), "no unknown WhatsApp id")
    }))

  it.effect("update with `from` changes the message only from those statuses", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const owner = yield* freshOwner
      const message = makeMessage(owner, freshMessageId())
      yield* messages.insert(message)

      const delivered = getSome(yield* messages.update(message.id, { status: "delivered", at: at(20), from: ["queued", "sent"] }))
      assert.strictEqual(delivered.status, "delivered")
      assertNone(yield* messages.update(message.id, { status: "sent", nextAttemptAt: null, at: at(21), from: ["queued"] }), "not from delivered")
      assertNone(yield* messages.update(message.id, { status: "read", at: at(21), from: [] }), "no status allowed")
      assert.deepStrictEqual(getSome(yield* messages.get(owner.orgId, owner.sessionId, message.id)), delivered, "unchanged")
      const read = getSome(yield* messages.update(message.id, { status: "read", at: at(22), from: ["queued", "sent", "delivered"] }))
      assert.strictEqual(read.status, "read")
    }))

  it.effect("nextQueued is the session's oldest queued message in acceptance order; nextAttemptAt is kept and updated", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      assertNone(yield* messages.nextQueued(owner.orgId, owner.sessionId), "an empty queue")
      // Ids that sort against acceptance order: the order is the order of insertion, not of ids.
      const [first, second, third] = ["c", "b", "a"].map((suffix) => makeMessage(owner, MessageId.make(`${freshMessageId()}-${suffix}`), { nextAttemptAt: at(50) }))
      if (first === undefined || second === undefined || third === undefined) return
      yield* messages.insert(makeMessage(sibling, freshMessageId()))
      for (const message of [first, second, third]) yield* messages.insert(message)

      assert.deepStrictEqual(getSome(yield* messages.nextQueued(owner.orgId, owner.sessionId)), first)
      assertNone(yield* messages.nextQueued(freshOrgId(), owner.sessionId), "not another organisation's")
      yield* messages.update(first.id, { status: "sent", nextAttemptAt: null, at: at(51) })
      const retried = getSome(yield* messages.update(second.id, { status: "queued", attempts: 1, nextAttemptAt: at(60), at: at(51) }))
      assert.strictEqual(retried.nextAttemptAt, at(60))
      assert.deepStrictEqual(getSome(yield* messages.nextQueued(owner.orgId, owner.sessionId)), retried, "a message waiting for its retry is still the head")
      assert.isNull(getSome(yield* messages.get(owner.orgId, owner.sessionId, first.id)).nextAttemptAt)
    }))

  it.effect("queuedSessions lists the sessions with a queued message due by then, once each", () =>
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const [dueTwice, notYet, sent] = [yield* freshOwner, yield* freshOwner, yield* freshOwner]
      yield* messages.insert(makeMessage(dueTwice, freshMessageId(), { nextAttemptAt: at(10) }))
      yield* messages.insert(makeMessage(dueTwice, freshMessageId(), { nextAttemptAt: at(12) }))
      yield* messages.insert(makeMessage(notYet, freshMessageId(), { nextAttemptAt: at(90) }))
      const gone = makeMessage(sent, freshMessageId(), { nextAttemptAt: at(10) })
      yield* messages.insert(gone)
      yield* messages.update(gone.id, { status: "sent", at: at(11) })

      const mine = (owners: ReadonlyArray<SessionOwner>) =>
        owners.filter((o) => [dueTwice, notYet, sent].some((m) => m.sessionId === o.sessionId))
      assert.deepStrictEqual(mine(yield* messages.queuedSessions(at(20))), [{ orgId: dueTwice.orgId, sessionId: dueTwice.sessionId }])
      assert.sameDeepMembers(mine(yield* messages.queuedSessions(at(90))), [
        { orgId: dueTwice.orgId, sessionId: dueTwice.sessionId },
        { orgId: notYet.orgId, sessionId: notYet.sessionId }
      ])
    }))
}

/** The `MessageStore` contract: every adapter of the port must pass it. */
export const messageStoreContract = <E>(name: string, storeLayer: Layer.Layer<MessageStoreContractServices, E>): void =>
  layer(storeLayer)(name, messageStoreTests)
