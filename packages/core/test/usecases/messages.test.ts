import { assert, describe, it } from "@effect/vitest"
import {
  createGroup,
  getMessage,
  MessageId,
  mintWaMessageId,
  MessageStore,
  NotGroupMember,
  NotOnWhatsApp,
  OutboxSignals,
  type SendCallError,
  type SendError,
  type SendResult,
  sendMessage,
  type SessionId,
  SendDrains,
  SessionNotConnected,
  Timestamp,
  TransportOwnership,
  updateGroup,
  type WaMessageId,
  WhatsAppFailure
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Clock, Duration, Effect, Fiber, Layer, Ref } from "effect"
import { TestClock } from "effect/testing"
import { dataOf, eventsOf } from "../support/events.ts"
import { acme, acmeReader, acmeSender, calls, globex, eventually, makeWorld, newSession, resetCalls, sendWith, synced, user, World } from "../support/world.ts"

const text = (to: string, body = "hello") => ({ type: "text", to, text: body })

/** The message as it is now, once `until` holds (the drain runs in its own fiber). */
const settled = (sessionId: SessionId, id: string, until: (m: SendResult) => boolean = (m) => m.status !== "queued") =>
  eventually(getMessage(acme, sessionId, id), until)

/** The `message.status` events of the session: each message's status after each change, in order. */
const statuses = (sessionId: SessionId) => Effect.map(eventsOf(sessionId, "message.status"), (events) => dataOf(events, "message.status"))

/** Joins a forked send, moving the clock a second at a time until it answers (at most `maxSeconds`). */
const joinMovingClock = <A, E>(fiber: Fiber.Fiber<A, E>, maxSeconds: number) =>
  Effect.gen(function*() {
    for (let s = 0; s < maxSeconds && fiber.pollUnsafe() === undefined; s++) yield* TestClock.adjust("1 second")
    return yield* Fiber.join(fiber)
  })

/** The WhatsApp ids the port was asked to send, in order, with the clock's time of each call. */
const recordSends = Effect.gen(function*() {
  const log = yield* Ref.make<ReadonlyArray<readonly [WaMessageId, number]>>([])
  yield* sendWith((inner) => (sessionId, message) =>
    Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      yield* Ref.update(log, (sent) => [...sent, [message.waMessageId, at] as const])
      return yield* inner(sessionId, message)
    }))
  return log
})
describe("sending", () => {
  it.effect("sends each v1 type and stores the result", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const to = user()
      const { group } = yield* createGroup(acme, session.id, { name: "G", participants: [to] })
      const bodies = [
        text(to),
        { type: "poll", to: group.groupJid, name: "Lunch?", options: ["Pizza", "Sushi"], selectableCount: 1 },
        { type: "location", to, latitude: -6.1754, longitude: 106.8272, name: "Monas" },
        { type: "contact", to, contacts: [{ name: "Ana", phone: "+62 812 0000 1111" }] }
      ]
      for (const body of bodies) {
        const { result, replayed } = yield* sendMessage(acmeSender, session.id, body)
        assert.isFalse(replayed)
        assert.strictEqual(result.status, "sent")
        assert.strictEqual(result.type, body.type)
        assert.strictEqual(result.sessionId, session.id)
        assert.match(result.waMessageId ?? "", /^3EB0[0-9A-F]{18}$/)
        assert.strictEqual(result.attempts, 1)
        assert.isNull(result.error)
        // A poll reads back with its votes counted (none yet).
        const expected = body.type === "poll" ? { ...result, votes: { Pizza: 0, Sushi: 0 } } : result
        assert.deepStrictEqual(yield* getMessage(acme, session.id, result.id), expected)
      }
    }).pipe(Effect.provide(World)))

  it.effect("media types are not implemented, before any WhatsApp call", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      for (const type of ["image", "video", "audio", "document", "sticker"]) {
        const error = yield* Effect.flip(sendMessage(acme, session.id, { type, to: user(), url: "https://x/y" }))
        assert.strictEqual(error._tag, "NotImplemented")
      }
      assert.deepStrictEqual(yield* calls, [])
      const reader = yield* Effect.flip(sendMessage(acmeReader, session.id, { type: "image", to: user() }))
      assert.strictEqual(reader._tag, "MissingCapability", "capability still comes first")
      const stranger = yield* Effect.flip(sendMessage(globex, session.id, { type: "image", to: user() }))
      assert.strictEqual(stranger._tag, "NotFound", "another organisation's session is not found")
    }).pipe(Effect.provide(World)))

  it.effect("a poll with 1 or 13 options or duplicates is a validation error", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      for (const options of [["one"], Array.from({ length: 13 }, (_, i) => `o${i}`), ["a", "a"]]) {
        const error = yield* Effect.flip(sendMessage(acme, session.id, { type: "poll", to: user(), name: "Q", options }))
        assert.strictEqual(error._tag, "ValidationError")
        assert.property(error._tag === "ValidationError" ? error.details : {}, "options")
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("asynchronous: accepted (202) and queued at once, then sent by the drain; the events go queued → sent", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const accepted = yield* sendMessage(acme, session.id, text(user()), { async: true })
      assert.deepStrictEqual([accepted.accepted, accepted.replayed, accepted.result.status, accepted.result.attempts], [true, false, "queued", 0])
      assert.match(accepted.result.waMessageId ?? "", /^3EB0[0-9A-F]{18}$/, "the WhatsApp id is chosen at acceptance")
      const sent = yield* settled(session.id, accepted.result.id)
      assert.deepStrictEqual([sent.status, sent.attempts, sent.waMessageId], ["sent", 1, accepted.result.waMessageId])
      assert.deepStrictEqual(yield* statuses(session.id), [accepted.result, sent])
    }).pipe(Effect.provide(World)))

  it.effect("a synchronous send answers done (200) with the outcome: sent, or failed with its code", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const sent = yield* sendMessage(acme, session.id, text(user()))
      assert.deepStrictEqual([sent.accepted, sent.result.status], [false, "sent"])
      const failed = yield* sendMessage(acme, session.id, text(user("000")))
      assert.deepStrictEqual([failed.accepted, failed.result.status, failed.result.error?.code], [false, "failed", "not_on_whatsapp"])
    }).pipe(Effect.provide(World)))

  it.effect("a synchronous send that is not sent within the timeout answers accepted (202), still queued", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* (yield* Simulator).disconnect(session.id)
      const start = yield* Clock.currentTimeMillis
      const answered = yield* joinMovingClock(yield* Effect.forkChild(sendMessage(acme, session.id, text(user()))), 60)
      assert.deepStrictEqual([answered.accepted, answered.result.status, answered.result.attempts], [true, "queued", 0])
      assert.strictEqual((yield* Clock.currentTimeMillis) - start, 10_000, "after the timeout")
      yield* (yield* Simulator).connect(session.id)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* settled(session.id, answered.result.id)).status, "sent", "it goes on in the background")
    }).pipe(Effect.provide(makeWorld({ sending: { timeout: Duration.seconds(10) } }))))

  it.effect("a disconnected session keeps its queue, in order, and drains it on reconnect", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const simulator = yield* Simulator
      const sends = yield* recordSends
      yield* simulator.disconnect(session.id)
      const accepted: Array<SendResult> = []
      for (let i = 0; i < 3; i++) accepted.push((yield* sendMessage(acme, session.id, text(user(), `m${i}`), { async: true })).result)
      yield* TestClock.adjust("1 minute")
      assert.deepStrictEqual(yield* Ref.get(sends), [], "nothing is attempted while the session is down")
      for (const message of accepted) assert.deepStrictEqual((yield* getMessage(acme, session.id, message.id)).attempts, 0)
      yield* simulator.connect(session.id)
      yield* TestClock.adjust("1 second")
      const last = accepted[2]
      if (last === undefined) return
      yield* settled(session.id, last.id)
      assert.deepStrictEqual((yield* Ref.get(sends)).map(([id]) => id), accepted.map((m) => m.waMessageId))
      for (const message of accepted) assert.strictEqual((yield* getMessage(acme, session.id, message.id)).status, "sent")
    }).pipe(Effect.provide(World)))

  it.effect("messages of one session go out in acceptance order under concurrency, across sessions independently", () =>
    Effect.gen(function*() {
      const [a, b] = [yield* newSession(), yield* newSession()]
      const sends = yield* recordSends
      const results = yield* Effect.forEach(
        Array.from({ length: 40 }, (_, i) => i),
        (i) => sendMessage(acme, i % 2 === 0 ? a.id : b.id, text(user(), `m${i}`), { async: i % 3 !== 0 }),
        { concurrency: "unbounded" }
      )
      for (const { result } of results) yield* settled(result.sessionId, result.id)
      const sent = (yield* Ref.get(sends)).map(([id]) => id)
      for (const session of [a, b]) {
        // Acceptance order is the order of the sessions' `queued` events (committed with the messages).
        const acceptedOrder = (yield* statuses(session.id)).filter((m) => m.status === "queued").map((m) => m.waMessageId)
        assert.strictEqual(acceptedOrder.length, 20)
        assert.deepStrictEqual(sent.filter((id) => acceptedOrder.includes(id)), acceptedOrder, `session ${session.id}`)
      }
    }).pipe(Effect.provide(World)))

  it.effect("a message queued where no signal reached the drain (a crash, another process) is found by the sweep and sent under its id", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const messages = yield* MessageStore
      const sends = yield* recordSends
      const at = Timestamp.make(new Date(yield* Clock.currentTimeMillis).toISOString())
      const to = user()
      // As a gateway that died after counting an attempt leaves it: queued, attempted once, its id chosen.
      const left = {
        id: MessageId.make("01LEFTBYACRASH0000000000000"),
        orgId: acme.orgId,
        sessionId: session.id,
        to,
        type: "text" as const,
        request: { type: "text" as const, to, text: "again" },
        status: "queued" as const,
        waMessageId: yield* mintWaMessageId,
        error: null,
        attempts: 1,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at
      }
      yield* messages.insert(left)
      yield* TestClock.adjust("5 seconds")
      const sent = yield* settled(session.id, left.id)
      assert.deepStrictEqual([sent.status, sent.attempts, sent.waMessageId], ["sent", 2, left.waMessageId])
      assert.deepStrictEqual((yield* Ref.get(sends)).map(([id]) => id), [left.waMessageId], "sent again under the same id")
    }).pipe(Effect.provide(World)))

  it.effect("a message accepted by a process that does not own the transport is sent by the owner's sweep", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      // Another process on the same store and sockets: its own outbox signals (so they reach no drain of ours;
      // `fresh`, or the world's memoised build would be shared), not the transport's owner (so it drains nothing).
      const observer = Layer.mergeAll(
        Layer.fresh(OutboxSignals.layer),
        Layer.succeed(TransportOwnership, { ownership: { _tag: "Observer", holder: "the other process" } })
      )
      // A sweep has passed (the one at start-up, when the drains' fiber first ran): the next one is 5 s from now.
      yield* TestClock.adjust("5 seconds")
      const { result } = yield* sendMessage(acme, session.id, text(user()), { async: true }).pipe(
        Effect.provide(Layer.merge(observer, SendDrains.layer.pipe(Layer.provide(observer))))
      )
      yield* TestClock.adjust("4 seconds")
      assert.strictEqual((yield* getMessage(acme, session.id, result.id)).status, "queued", "no drain heard of it")
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* settled(session.id, result.id)).status, "sent")
    }).pipe(Effect.provide(World)))

  it.effect("a transient failure is retried under the same WhatsApp id, after growing delays, until sent", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const tries = yield* Ref.make<ReadonlyArray<readonly [WaMessageId, number]>>([])
      yield* sendWith((inner) => (sessionId, message) =>
        Effect.gen(function*() {
          const at = yield* Clock.currentTimeMillis
          const n = (yield* Ref.updateAndGet(tries, (t) => [...t, [message.waMessageId, at] as const])).length
          if (n <= 3) return yield* new WhatsAppFailure({ message: "rate-overlimit; retry later", retryable: true })
          return yield* inner(sessionId, message)
        }))
      const { result } = yield* sendMessage(acme, session.id, text(user()), { async: true })
      // The clock moves in steps of 100 ms until the message is sent (at most a minute).
      for (let step = 0; step < 600 && (yield* getMessage(acme, session.id, result.id)).status === "queued"; step++) {
        yield* TestClock.adjust("100 millis")
      }
      const done = yield* settled(session.id, result.id)
      assert.deepStrictEqual([done.status, done.attempts, done.waMessageId], ["sent", 4, result.waMessageId])
      const attempts = yield* Ref.get(tries)
      assert.deepStrictEqual(attempts.map(([id]) => id), Array.from({ length: 4 }, () => result.waMessageId), "never a new id")
      const gaps = attempts.slice(1).map(([, at], i) => at - (attempts[i]?.[1] ?? 0))
      // 1 s · 2^(n-1), plus up to 25% jitter, seen in 100 ms steps.
      gaps.forEach((gap, i) => {
        const base = 1000 * 2 ** i
        assert.isTrue(gap >= base && gap <= base * 1.25 + 100, `retry ${i + 1} after ${gap} ms`)
      })
      assert.deepStrictEqual((yield* statuses(session.id)).map((m) => m.status), ["queued", "sent"], "a retry is not a status change")
    }).pipe(Effect.provide(World)))

  it.effect("permanent failures: the message fails with the contract's code, and is not retried", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const cases: ReadonlyArray<readonly [SendCallError, SendError]> = [
        [
          new SessionNotConnected({ sessionId: session.id, status: "logged_out" }),
          { code: "session_logged_out", message: `session ${session.id} is not connected (status: logged_out)` }
        ],
        [new NotGroupMember({ groupJid: "120363000000000001@g.us" }), { code: "not_group_member", message: "the session's account is not a participant of 120363000000000001@g.us" }],
        [new NotOnWhatsApp({ jid: "6281299999999@s.whatsapp.net" }), { code: "not_on_whatsapp", message: "6281299999999@s.whatsapp.net is not on WhatsApp" }],
        [new WhatsAppFailure({ message: "refused" }), { code: "whatsapp_error", message: "refused" }]
      ]
      for (const [failure, expected] of cases) {
        const given = yield* Ref.make<ReadonlyArray<WaMessageId | null>>([])
        yield* sendWith(() => (_sessionId, message) => Effect.andThen(Ref.update(given, (ids) => [...ids, message.waMessageId]), Effect.fail(failure)))
        const { result, accepted } = yield* sendMessage(acme, session.id, text(user()))
        assert.isFalse(accepted, "the outcome is final: done")
        assert.deepStrictEqual([result.status, result.attempts, result.error], ["failed", 1, expected])
        yield* TestClock.adjust("10 minutes")
        assert.deepStrictEqual(yield* Ref.get(given), [result.waMessageId], "tried once")
      }
    }).pipe(Effect.provide(World)))

  it.effect("a message not sent within the maximum age fails as expired", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* (yield* Simulator).disconnect(session.id)
      yield* resetCalls
      const { result } = yield* sendMessage(acme, session.id, text(user()), { async: true })
      yield* TestClock.adjust("59 seconds")
      assert.strictEqual((yield* getMessage(acme, session.id, result.id)).status, "queued")
      yield* TestClock.adjust("1 second")
      const expired = yield* settled(session.id, result.id)
      assert.deepStrictEqual([expired.status, expired.error?.code, expired.attempts], ["failed", "expired", 0])
      assert.deepStrictEqual(yield* calls, [])
      assert.deepStrictEqual((yield* statuses(session.id)).map((m) => m.status), ["queued", "failed"])
    }).pipe(Effect.provide(makeWorld({ sending: { maxAge: Duration.minutes(1) } }))))

  it.effect("the rate paces the drain; a synchronous send over it is rate limited, with a retry-after, and nothing stored", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const other = yield* newSession()
      const sends = yield* recordSends
      for (let i = 0; i < 3; i++) assert.strictEqual((yield* sendMessage(acme, session.id, text(user()))).result.status, "sent")
      const before = (yield* statuses(session.id)).length
      const limited = yield* Effect.flip(sendMessage(acme, session.id, text(user())))
      assert.strictEqual(limited._tag, "RateLimited")
      assert.strictEqual(limited._tag === "RateLimited" ? limited.retryAfterSeconds : 0, 20)
      assert.strictEqual((yield* statuses(session.id)).length, before, "nothing stored")
      assert.strictEqual((yield* sendMessage(acme, other.id, text(user()))).result.status, "sent", "per session")

      // Asynchronous sends over the rate are accepted and go out as tokens come back: one every 20 s.
      const queued = yield* Effect.forEach([1, 2], () => Effect.map(sendMessage(acme, session.id, text(user()), { async: true }), (o) => o.result))
      const [first, second] = queued
      if (first === undefined || second === undefined) return
      const start = yield* Clock.currentTimeMillis
      yield* TestClock.adjust("19 seconds")
      assert.strictEqual((yield* getMessage(acme, session.id, first.id)).status, "queued")
      yield* TestClock.adjust("1 second")
      yield* settled(session.id, first.id)
      assert.strictEqual((yield* getMessage(acme, session.id, second.id)).status, "queued")
      yield* TestClock.adjust("20 seconds")
      yield* settled(session.id, second.id)
      const times = (yield* Ref.get(sends)).filter(([id]) => id === first.waMessageId || id === second.waMessageId).map(([, at]) => at - start)
      assert.deepStrictEqual(times, [20_000, 40_000])
    }).pipe(Effect.provide(makeWorld({ sendRatePerMinute: 3 }))))

  it.effect("an idempotency key: a replay answers the message as it is now and sends nothing; another body conflicts", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const to = user()
      yield* resetCalls
      const first = yield* sendMessage(acme, session.id, text(to), { idempotencyKey: "order-42" })
      const replay = yield* sendMessage(acme, session.id, { text: "hello", to, type: "text" }, { idempotencyKey: "order-42" })
      assert.deepStrictEqual([replay.replayed, replay.accepted], [true, false])
      assert.deepStrictEqual(replay.result, first.result)
      assert.deepStrictEqual((yield* calls).filter((c) => c === "send"), ["send"])

      const conflict = yield* Effect.flip(sendMessage(acme, session.id, text(to, "other"), { idempotencyKey: "order-42" }))
      assert.strictEqual(conflict._tag === "Conflict" ? conflict.reason : conflict._tag, "idempotency_key_reused")
      const asAsync = yield* Effect.flip(sendMessage(acme, session.id, text(to), { idempotencyKey: "order-42", async: true }))
      assert.strictEqual(asAsync._tag === "Conflict" ? asAsync.reason : asAsync._tag, "idempotency_key_reused", "the mode is part of the request")
      const bad = yield* Effect.flip(sendMessage(acme, session.id, text(to), { idempotencyKey: "" }))
      assert.property(bad._tag === "ValidationError" ? bad.details : {}, "Idempotency-Key")
    }).pipe(Effect.provide(World)))

  it.effect("replays answer by the rule: async always accepted; sync accepted while queued, done once it has an outcome", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const simulator = yield* Simulator
      yield* simulator.disconnect(session.id)
      const async = yield* sendMessage(acme, session.id, text(user()), { idempotencyKey: "a-1", async: true })
      const syncFirst = yield* joinMovingClock(yield* Effect.forkChild(sendMessage(acme, session.id, text(user()), { idempotencyKey: "s-1" })), 60)
      assert.deepStrictEqual([syncFirst.accepted, syncFirst.result.status], [true, "queued"])
      const whileQueued = yield* sendMessage(acme, session.id, text(syncFirst.result.to), { idempotencyKey: "s-1" })
      assert.deepStrictEqual([whileQueued.replayed, whileQueued.accepted, whileQueued.result.status], [true, true, "queued"])

      yield* simulator.connect(session.id)
      yield* TestClock.adjust("1 second")
      yield* settled(session.id, syncFirst.result.id)
      yield* settled(session.id, async.result.id)
      const syncLater = yield* sendMessage(acme, session.id, text(syncFirst.result.to), { idempotencyKey: "s-1" })
      assert.deepStrictEqual([syncLater.accepted, syncLater.result.status, syncLater.result.id], [false, "sent", syncFirst.result.id])
      const asyncLater = yield* sendMessage(acme, session.id, text(async.result.to), { idempotencyKey: "a-1", async: true })
      assert.deepStrictEqual([asyncLater.accepted, asyncLater.result.status, asyncLater.result.id], [true, "sent", async.result.id])
    }).pipe(Effect.provide(World)))

  for (const async of [true, false]) {
    it.effect(`50 concurrent identical ${async ? "asynchronous" : "synchronous"} requests with one key make one message, every caller its id`, () =>
      Effect.gen(function*() {
        const session = yield* newSession()
        const to = user()
        yield* resetCalls
        const outcomes = yield* Effect.all(
          Array.from({ length: 50 }, () => sendMessage(acme, session.id, text(to), { idempotencyKey: "burst", async })),
          { concurrency: "unbounded" }
        )
        const ids = new Set(outcomes.map((o) => o.result.id))
        assert.strictEqual(ids.size, 1)
        assert.strictEqual(outcomes.filter((o) => !o.replayed).length, 1, "one request made it, the others replayed it")
        const [id] = ids
        if (id === undefined) return
        yield* settled(session.id, id)
        assert.deepStrictEqual((yield* calls).filter((c) => c === "send"), ["send"])
        assert.strictEqual((yield* statuses(session.id)).filter((m) => m.status === "queued").length, 1)
      }).pipe(Effect.provide(World)))
  }

  it.effect("receipts move a message forward, never back", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { result } = yield* sendMessage(acme, session.id, text(user()))
      const simulator = yield* Simulator
      const stored = yield* (yield* MessageStore).get(acme.orgId, session.id, result.id)
      const waId = stored._tag === "Some" ? stored.value.waMessageId : null
      assert.isNotNull(waId)
      if (waId === null) return
      yield* simulator.receipt(session.id, waId, "read")
      yield* simulator.receipt(session.id, waId, "delivered")
      const read = yield* eventually(getMessage(acme, session.id, result.id), (m) => m.status === "read")
      assert.strictEqual(read.status, "read")
      assert.strictEqual((yield* getMessage(acme, session.id, result.id)).status, "read")
    }).pipe(Effect.provide(World)))

  it.effect("a receipt that beats the drain's sent write is kept: statuses never go back", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const simulator = yield* Simulator
      const messages = yield* MessageStore
      // WhatsApp's receipt comes back (and is stored) before the port's send returns.
      yield* sendWith((inner) => (sessionId, message) =>
        Effect.gen(function*() {
          const stored = yield* Effect.orDie(messages.findByWaId(sessionId, message.waMessageId))
          assert.strictEqual(stored._tag === "Some" ? stored.value.status : "missing", "queued", "stored before the send")
          const sent = yield* inner(sessionId, message)
          yield* simulator.receipt(sessionId, message.waMessageId, "delivered")
          yield* eventually(Effect.orDie(messages.findByWaId(sessionId, message.waMessageId)), (m) => m._tag === "Some" && m.value.status === "delivered")
          return sent
        }))
      const { result } = yield* sendMessage(acme, session.id, text(user()))
      assert.strictEqual(result.status, "delivered")
      assert.deepStrictEqual((yield* statuses(session.id)).map((m) => m.status), ["queued", "delivered"], "no sent event after the receipt")
    }).pipe(Effect.provide(World)))

  it.effect("only admins post to an announcement group", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const member = yield* newSession()
      const { group } = yield* createGroup(acme, owner.id, { name: "News", participants: [member.phoneJid] })
      yield* updateGroup(acme, owner.id, group.groupJid, { settings: { isAnnounce: true } })
      yield* synced(acme, member.id, group.groupJid, (g) => g.isAnnounce)
      yield* resetCalls
      const refused = yield* Effect.flip(sendMessage(acme, member.id, text(group.groupJid)))
      assert.strictEqual(refused._tag, "NotGroupAdmin")
      assert.deepStrictEqual(yield* calls, [])
      assert.deepStrictEqual((yield* statuses(member.id)).length, 0, "nothing accepted")
      assert.strictEqual((yield* sendMessage(acme, owner.id, text(group.groupJid))).result.status, "sent")
    }).pipe(Effect.provide(World)))

})
