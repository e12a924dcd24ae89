import { assert, type Vitest } from "@effect/vitest"
import {
  type Acceptance,
  EventStore,
  IdempotencyStore,
  MessageStore,
  Outbox,
  type SessionOwner,
  type SessionStore,
  type StoredMessage,
  toSendResult,
  WaMessageId
} from "@wagate/core"
import { Effect, Option } from "effect"
import { assertNone, at, freshMessageId, freshOwner, getSome, makeMessage, uniqueTag, untilVisible } from "./fixtures.ts"

/** What the outbox suite needs: the outbox, and the stores it writes (to read them back). */
export type OutboxContractServices = Outbox | MessageStore | IdempotencyStore | EventStore | SessionStore

const waId = () => WaMessageId.make(`3EB0${uniqueTag().toUpperCase()}`)

/** A queued message of `owner` (with its WhatsApp id), its event, and the claim on `key` when given. */
const acceptanceOf = (owner: SessionOwner, key?: string, overrides: Partial<StoredMessage> = {}): Acceptance => {
  const message = makeMessage(owner, freshMessageId(), { waMessageId: waId(), ...overrides })
  return {
    message,
    key: key === undefined ? undefined : { key, claim: { fingerprint: `fp-${key}`, messageId: message.id, async: true, at: at(2) } },
    event: { orgId: owner.orgId, payload: { type: "message.status", sessionId: owner.sessionId, data: toSendResult(message) }, at: message.createdAt }
  }
}


/** The data of the organisation's `message.status` events committed so far, in order. */
const statusEvents = Effect.fn("contract.statusEvents")(function*(owner: SessionOwner) {
  const events = yield* EventStore
  // A later event, once visible, shows that every event the outbox committed before it is (ADR 0029).
  const marker = yield* events.append(owner.orgId, {
    type: "session.status",
    sessionId: owner.sessionId,
    data: { status: "connected", phoneJid: null, lid: null }
  }, at(9))
  yield* untilVisible(marker.id)
  return (yield* events.history(owner.orgId, { after: null, limit: 1000, types: ["message.status"] })).map((e) => e.data)
})

/** The session's queue, head first (each message taken off it as it is read). */
const drainQueue = Effect.fn("contract.drainQueue")(function*(owner: SessionOwner) {
  const messages = yield* MessageStore
  const queue: Array<string> = []
  while (true) {
    const head = yield* messages.nextQueued(owner.orgId, owner.sessionId)
    if (Option.isNone(head)) return queue
    queue.push(head.value.id)
    yield* messages.update(head.value.id, { status: "sent", at: at(3) })
  }
})

/** Registers the `Outbox` tests on `it`. */
export const outboxTests = (it: Vitest.MethodsNonLive<OutboxContractServices>): void => {
  it.effect("accept commits the message, its key and its event; a second use of the key stores nothing and answers the record", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owner = yield* freshOwner
      const first = acceptanceOf(owner, "key-1")
      assertNone(yield* outbox.accept(first), "a new key is committed")
      const stored = getSome(yield* (yield* MessageStore).get(owner.orgId, owner.sessionId, first.message.id))
      assert.deepStrictEqual(stored, first.message)
      const record = getSome(yield* (yield* IdempotencyStore).find(owner.orgId, "key-1"))
      assert.deepStrictEqual(record, { _tag: "Message", fingerprint: "fp-key-1", messageId: first.message.id, async: true })

      const second = acceptanceOf(owner, "key-1")
      const taken = getSome(yield* outbox.accept(second), "the key's record")
      assert.deepStrictEqual(taken, record)
      assertNone(yield* (yield* MessageStore).get(owner.orgId, owner.sessionId, second.message.id), "the second message")
      assert.deepStrictEqual((yield* statusEvents(owner)).map((d) => ("id" in d ? d.id : "")), [first.message.id])
    }))

  it.effect("concurrent acceptances: every message without a key, and each key once, is committed with its event", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owner = yield* freshOwner
      const plain = Array.from({ length: 40 }, () => acceptanceOf(owner))
      const keyed = Array.from({ length: 20 }, () => acceptanceOf(owner, "shared"))
      const answers = yield* Effect.forEach([...plain, ...keyed], (a) => outbox.accept(a), { concurrency: "unbounded" })
      assert.isTrue(answers.slice(0, 40).every(Option.isNone), "every message without a key is committed")
      const winners = keyed.filter((_, i) => Option.isNone(answers[40 + i] ?? Option.some(null)))
      assert.strictEqual(winners.length, 1, "one acceptance with the shared key is committed")
      const winner = winners[0]?.message.id
      for (const answer of answers.slice(40)) {
        if (Option.isSome(answer)) assert.strictEqual(answer.value._tag === "Message" ? answer.value.messageId : "", winner)
      }
      const events = (yield* statusEvents(owner)).map((d) => ("id" in d ? d.id : ""))
      const committed = [...plain.map((a) => a.message.id), winner ?? ""]
      // Concurrent acceptances have no order among them: each is in the queue and has its event, once.
      assert.sameMembers(events, committed)
      assert.sameMembers(yield* drainQueue(owner), committed)
    }))

  it.effect("acceptances one after another keep their order in the queue and in the events", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owner = yield* freshOwner
      const accepted = Array.from({ length: 10 }, (_, i) => acceptanceOf(owner, i % 2 === 0 ? undefined : `ordered-${i}`))
      yield* Effect.forEach(accepted, (a) => outbox.accept(a), { discard: true })
      const ids = accepted.map((a) => a.message.id)
      assert.deepStrictEqual((yield* statusEvents(owner)).map((d) => ("id" in d ? d.id : "")), ids)
      assert.deepStrictEqual(yield* drainQueue(owner), ids)
    }))

  it.effect("claimHead counts an attempt of the head when it is due and not expired; else answers it unclaimed", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owner = yield* freshOwner
      assertNone(yield* outbox.claimHead(owner, { dueBy: at(10), createdAfter: at(0) }), "an empty queue")
      const later = acceptanceOf(owner, undefined, { nextAttemptAt: at(20) })
      yield* outbox.accept(later)
      const notDue = getSome(yield* outbox.claimHead(owner, { dueBy: at(10), createdAfter: at(0) }))
      assert.deepStrictEqual(notDue, { message: later.message, claimed: false })
      const expired = getSome(yield* outbox.claimHead(owner, { dueBy: at(30), createdAfter: at(5) }))
      assert.deepStrictEqual(expired, { message: later.message, claimed: false })
      const claimed = getSome(yield* outbox.claimHead(owner, { dueBy: at(30), createdAfter: at(0) }))
      assert.deepStrictEqual(claimed, { message: { ...later.message, attempts: 1 }, claimed: true })
      const again = getSome(yield* outbox.claimHead(owner, { dueBy: at(30), createdAfter: at(0) }))
      assert.strictEqual(again.message.attempts, 2, "each claim counts an attempt")
    }))

  it.effect("claimHead of many sessions at once answers each session its own head", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owners = yield* Effect.all(Array.from({ length: 12 }, () => freshOwner))
      const firsts = yield* Effect.forEach(owners, (owner) =>
        Effect.gen(function*() {
          const first = acceptanceOf(owner)
          yield* outbox.accept(first)
          yield* outbox.accept(acceptanceOf(owner))
          return first.message
        }))
      const heads = yield* Effect.forEach(owners, (owner) => outbox.claimHead(owner, { dueBy: at(10), createdAfter: at(0) }), { concurrency: "unbounded" })
      assert.deepStrictEqual(heads.map((h) => getSome(h)), firsts.map((message) => ({ message: { ...message, attempts: 1 }, claimed: true })))
    }))

  it.effect("settle moves a queued message to its outcome with its event; a message no longer queued is left alone", () =>
    Effect.gen(function*() {
      const outbox = yield* Outbox
      const owner = yield* freshOwner
      const sent = acceptanceOf(owner)
      const failed = acceptanceOf(owner)
      yield* outbox.accept(sent)
      yield* outbox.accept(failed)
      const event = (message: StoredMessage) => ({
        orgId: owner.orgId,
        payload: { type: "message.status" as const, sessionId: owner.sessionId, data: toSendResult(message) },
        at: at(5)
      })
      const error = { code: "not_on_whatsapp" as const, message: "no WhatsApp account" }
      const [a, b] = yield* Effect.all([
        outbox.settle(sent.message.id, { status: "sent" }, event({ ...sent.message, status: "sent", updatedAt: at(5) })),
        outbox.settle(failed.message.id, { status: "failed", error }, event({ ...failed.message, status: "failed", error, updatedAt: at(5) }))
      ], { concurrency: "unbounded" })
      assert.deepStrictEqual(getSome(a), { ...sent.message, status: "sent", nextAttemptAt: null, updatedAt: at(5) })
      assert.deepStrictEqual(getSome(b), { ...failed.message, status: "failed", error, nextAttemptAt: null, updatedAt: at(5) })
      assertNone(yield* outbox.settle(sent.message.id, { status: "sent" }, event(sent.message)), "a message already settled")
      const statuses = (yield* statusEvents(owner)).map((d) => "status" in d ? d.status : "")
      assert.deepStrictEqual(statuses, ["queued", "queued", "sent", "failed"])
    }))
}
