import { assert, describe, it } from "@effect/vitest"
import {
  createGroup,
  getMessage,
  type GroupCallError,
  MessageStore,
  NotGroupMember,
  type SendError,
  sendMessage,
  SessionNotConnected,
  updateGroup,
  WaMessageId,
  WhatsAppFailure,
  WhatsAppPort
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { acme, acmeReader, acmeSender, calls, globex, eventually, makeWorld, newSession, resetCalls, synced, user, World } from "../support/world.ts"

const text = (to: string, body = "hello") => ({ type: "text", to, text: body })

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
        assert.deepStrictEqual(yield* getMessage(acme, session.id, result.id), result)
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

  it.effect("an idempotency key replays the original result and sends once; another body with it conflicts", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const to = user()
      yield* resetCalls
      const first = yield* sendMessage(acme, session.id, text(to), { idempotencyKey: "order-42" })
      const replay = yield* sendMessage(acme, session.id, { text: "hello", to, type: "text" }, { idempotencyKey: "order-42" })
      assert.isTrue(replay.replayed)
      assert.deepStrictEqual(replay.result, first.result)
      assert.deepStrictEqual((yield* calls).filter((c) => c === "send"), ["send"])

      const conflict = yield* Effect.flip(sendMessage(acme, session.id, text(to, "other"), { idempotencyKey: "order-42" }))
      assert.strictEqual(conflict._tag, "Conflict")
      assert.strictEqual(conflict._tag === "Conflict" ? conflict.reason : "", "idempotency_key_reused")
      const bad = yield* Effect.flip(sendMessage(acme, session.id, text(to), { idempotencyKey: "" }))
      assert.property(bad._tag === "ValidationError" ? bad.details : {}, "Idempotency-Key")
    }).pipe(Effect.provide(World)))

  it.effect("concurrent requests with one key dispatch once", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const to = user()
      yield* resetCalls
      const outcomes = yield* Effect.all(
        Array.from({ length: 8 }, () => Effect.result(sendMessage(acme, session.id, text(to), { idempotencyKey: "burst" }))),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual((yield* calls).filter((c) => c === "send"), ["send"])
      const successes = outcomes.filter((o) => o._tag === "Success")
      assert.isAtLeast(successes.length, 1)
      for (const o of outcomes) {
        if (o._tag === "Failure") assert.strictEqual(o.failure._tag, "Conflict")
      }
    }).pipe(Effect.provide(World)))

  it.effect("a failed send frees its idempotency key", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const simulator = yield* Simulator
      yield* simulator.disconnect(session.id)
      const down = yield* Effect.flip(sendMessage(acme, session.id, text(user()), { idempotencyKey: "retry-me" }))
      assert.strictEqual(down._tag, "SessionNotConnected")
      yield* simulator.connect(session.id)
      const sent = yield* sendMessage(acme, session.id, text(user()), { idempotencyKey: "retry-me" })
      assert.strictEqual(sent.result.status, "sent")
    }).pipe(Effect.provide(World)))

  it.effect("a send WhatsApp fails is stored failed, with the failure as a coded error", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const inner = yield* WhatsAppPort
      const messages = yield* MessageStore
      const to = user()
      const failures: ReadonlyArray<readonly [GroupCallError, SendError]> = [
        [
          new SessionNotConnected({ sessionId: session.id, status: "logged_out" }),
          { code: "session_logged_out", message: `session ${session.id} is not connected (status: logged_out)` }
        ],
        [
          new SessionNotConnected({ sessionId: session.id, status: "disconnected" }),
          { code: "session_not_connected", message: `session ${session.id} is not connected (status: disconnected)` }
        ],
        [new NotGroupMember({ groupJid: "120363000000000001@g.us" }), { code: "not_group_member", message: "the session's account is not a participant of 120363000000000001@g.us" }],
        [new WhatsAppFailure({ message: "socket closed" }), { code: "whatsapp_error", message: "socket closed" }]
      ]
      for (const [failure, expected] of failures) {
        const given: Array<WaMessageId> = []
        const failing = WhatsAppPort.of({
          ...inner,
          send: (_sessionId, message) => Effect.sync(() => given.push(message.waMessageId)).pipe(Effect.andThen(Effect.fail(failure)))
        })
        const error = yield* Effect.flip(sendMessage(acme, session.id, text(to)).pipe(Effect.provideService(WhatsAppPort, failing)))
        assert.strictEqual(error._tag, failure._tag, "the caller gets the failure itself")
        const stored = yield* messages.findByWaId(session.id, given[0] ?? WaMessageId.make("missing"))
        assert.isTrue(stored._tag === "Some", "the attempt is stored under the id it was sent with")
        if (stored._tag === "None") return
        const result = yield* getMessage(acme, session.id, stored.value.id)
        assert.deepStrictEqual([result.status, result.attempts, result.waMessageId, result.error], ["failed", 1, given[0], expected])
      }
    }).pipe(Effect.provide(World)))

  it.effect("over the per-session rate: rate limited with a retry-after, governed by the clock", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const other = yield* newSession()
      const to = user()
      for (let i = 0; i < 3; i++) yield* sendMessage(acme, session.id, text(to))
      yield* resetCalls
      const limited = yield* Effect.flip(sendMessage(acme, session.id, text(to)))
      assert.strictEqual(limited._tag, "RateLimited")
      assert.strictEqual(limited._tag === "RateLimited" ? limited.retryAfterSeconds : 0, 20)
      assert.deepStrictEqual(yield* calls, [], "refused before any WhatsApp call")
      assert.strictEqual((yield* sendMessage(acme, other.id, text(to))).result.status, "sent", "per session")
      yield* TestClock.adjust("20 seconds")
      assert.strictEqual((yield* sendMessage(acme, session.id, text(to))).result.status, "sent")
    }).pipe(Effect.provide(makeWorld({ sendRatePerMinute: 3 }))))

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

  it.effect("the core chooses the WhatsApp id before the send: a receipt that beats the sent write is kept", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const inner = yield* WhatsAppPort
      const simulator = yield* Simulator
      const messages = yield* MessageStore
      const given: Array<string> = []
      // WhatsApp's receipt comes back (and is stored) before the port's send returns.
      const racing = WhatsAppPort.of({
        ...inner,
        send: (sessionId, message) =>
          Effect.gen(function*() {
            given.push(message.waMessageId)
            const stored = yield* Effect.orDie(messages.findByWaId(sessionId, message.waMessageId))
            assert.strictEqual(stored._tag === "Some" ? stored.value.status : "missing", "queued", "stored before the send")
            const sent = yield* inner.send(sessionId, message)
            yield* simulator.receipt(sessionId, message.waMessageId, "delivered")
            yield* eventually(Effect.orDie(messages.findByWaId(sessionId, message.waMessageId)), (m) => m._tag === "Some" && m.value.status === "delivered")
            return sent
          })
      })
      const { result } = yield* sendMessage(acme, session.id, text(user())).pipe(Effect.provideService(WhatsAppPort, racing))
      assert.match(given[0] ?? "", /^3EB0[0-9A-F]{18}$/)
      assert.strictEqual(result.status, "delivered")
      const stored = yield* messages.get(acme.orgId, session.id, result.id)
      assert.deepStrictEqual(stored._tag === "Some" ? [stored.value.status, stored.value.waMessageId] : [], ["delivered", given[0]])
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
      assert.strictEqual((yield* sendMessage(acme, owner.id, text(group.groupJid))).result.status, "sent")
    }).pipe(Effect.provide(World)))

  it.effect("asynchronous sending is not built yet", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const error = yield* Effect.flip(sendMessage(acme, session.id, text(user()), { async: true }))
      assert.strictEqual(error._tag, "NotImplemented")
    }).pipe(Effect.provide(World)))
})
