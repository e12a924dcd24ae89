import { assert, describe, layer } from "@effect/vitest"
import { GroupJid } from "@wagate/core"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { api, disconnect, eventually, expectError, expectJson, groupPath, newGroup, newSession, ownerAndMember, reconnect, user } from "../support/endpoints.ts"
import { clientFor, raw, type RawResponse, TestGateway, testOptions, tokens } from "../support/gateway.ts"

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const to = "6281200000001@s.whatsapp.net"
const text = { type: "text", to, text: "hello" }

interface SendResultJson {
  readonly id: string
  readonly sessionId: string
  readonly to: string
  readonly type: string
  readonly status: string
  readonly waMessageId: string | null
  readonly attempts: number
  readonly createdAt: string
  readonly updatedAt: string
  readonly error: { readonly code: string; readonly message: string } | null
}

const send = (session: string, json: unknown, options: { readonly key?: string; readonly query?: string; readonly token?: string } = {}) =>
  raw("POST", api(`/sessions/${session}/messages${options.query ?? ""}`), {
    json,
    headers: options.key === undefined ? {} : { "idempotency-key": options.key },
    ...(options.token === undefined ? {} : { token: options.token })
  })

/**
 * A 200 SendResult with exactly the contract's fields, `sent`: WhatsApp's id chosen by the gateway, one attempt,
 * no error.
 */
const expectSent = (response: RawResponse, session: string): SendResultJson => {
  const result = expectJson(response, 200) as SendResultJson
  assert.deepStrictEqual(
    Object.keys(result).sort(),
    ["attempts", "createdAt", "error", "id", "sessionId", "status", "to", "type", "updatedAt", "waMessageId"]
  )
  assert.strictEqual(result.sessionId, session)
  assert.strictEqual(result.status, "sent")
  assert.match(result.waMessageId ?? "", /^3EB0[0-9A-F]{18}$/)
  assert.strictEqual(result.attempts, 1)
  assert.isNull(result.error)
  assert.match(result.createdAt, ISO)
  assert.match(result.updatedAt, ISO)
  return result
}

describe("messages", () => {
  layer(TestGateway())((it) => {
    it.effect("POST /messages sends text synchronously: 200 SendResult `sent`; GET /messages/{id} reads it back", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("text")
        const sent = expectSent(yield* send(id, { type: "text", to: "+62 812-0000-0001", text: "hi", mentions: [to] }), id)
        assert.strictEqual(sent.to, to, "a typed phone number is normalised to a JID")
        assert.strictEqual(sent.type, "text")
        const read = expectJson(yield* raw("GET", api(`/sessions/${id}/messages/${sent.id}`)), 200)
        assert.deepStrictEqual(read, sent)

        const client = yield* clientFor(tokens.acme)
        const typed = yield* client.messages.send({
          params: { session: id },
          query: {},
          headers: {},
          payload: { type: "text", to: user("6281200000002"), text: "typed" }
        })
        assert.strictEqual(typed.status, "sent")
        assert.strictEqual((yield* client.messages.get({ params: { session: id, id: typed.id } })).id, typed.id)
        expectSent(yield* send(id, text, { query: "?async=false" }), id)
      }))

    it.effect("poll, location and contact messages, to a user or to a group, are 200 `sent`", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("kinds")
        const gid = yield* newGroup(id)
        const bodies = [
          { type: "poll", to, name: "Lunch?", options: ["Yes", "No"], selectableCount: 1 },
          { type: "poll", to: gid, name: "Twelve", options: Array.from({ length: 12 }, (_, i) => `option ${i}`) },
          { type: "location", to, latitude: -6.2, longitude: 106.8, name: "Office", address: "Jl. Sudirman" },
          { type: "location", to: gid, latitude: 90, longitude: -180 },
          { type: "contact", to, contacts: [{ name: "Ana", phone: "+62 812 3456 7890" }] },
          { type: "text", to: gid, text: "x".repeat(65_536) }
        ]
        for (const body of bodies) {
          const sent = expectSent(yield* send(id, body), id)
          assert.strictEqual(sent.type, body.type)
          assert.strictEqual(sent.to, body.to)
        }
      }))

    it.effect("media types answer 501 not_implemented before any WhatsApp call", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("media")
        for (const type of ["image", "video", "audio", "document", "sticker"]) {
          const error = yield* expectError(yield* send(id, { type, to }), 501, "not_implemented")
          assert.include(error.message, type)
        }
        yield* disconnect(id)
        yield* expectError(yield* send(id, { type: "image", to }), 501, "not_implemented")
      }))

    it.effect("?async=true answers 202 with the queued SendResult at once; the message is then sent, same id", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("async")
        const response = yield* send(id, text, { query: "?async=true" })
        const queued = expectJson(response, 202) as SendResultJson
        assert.deepStrictEqual([queued.status, queued.attempts, queued.error], ["queued", 0, null])
        assert.match(queued.waMessageId ?? "", /^3EB0[0-9A-F]{18}$/)
        const sent = yield* eventually(Effect.map(raw("GET", api(`/sessions/${id}/messages/${queued.id}`)), (r) => expectJson(r, 200) as SendResultJson), (m) => m.status === "sent")
        assert.deepStrictEqual([sent.status, sent.attempts, sent.waMessageId], ["sent", 1, queued.waMessageId])
      }))

    it.effect("a disconnected session accepts sends (202 queued: async at once, sync after the timeout) and sends them on reconnect, in order", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("offline")
        yield* disconnect(id)
        const first = expectJson(yield* send(id, { ...text, text: "one" }, { query: "?async=true" }), 202) as SendResultJson
        // The synchronous send waits WAGATE_SEND_TIMEOUT_SECONDS (30 s of the test clock), then answers 202.
        const waiting = yield* Effect.forkChild(send(id, { ...text, text: "two" }))
        // The clock moves a second at a time until it answers. The request travels over a real socket (and, in
        // http-pg, commits to a real database) first: each step makes a round trip to the gateway, so the clock
        // is not moved past the timeout before the handler has started waiting for it.
        for (let s = 0; s < 120 && waiting.pollUnsafe() === undefined; s++) {
          yield* TestClock.adjust("1 second")
          yield* raw("GET", api(`/sessions/${id}`))
        }
        const second = expectJson(yield* Fiber.join(waiting), 202) as SendResultJson
        assert.deepStrictEqual([first.status, second.status, second.attempts], ["queued", "queued", 0])

        yield* reconnect(id)
        yield* TestClock.adjust("1 second")
        const read = (m: SendResultJson) => Effect.map(raw("GET", api(`/sessions/${id}/messages/${m.id}`)), (r) => expectJson(r, 200) as SendResultJson)
        const done = yield* eventually(Effect.all([read(first), read(second)]), (both) => both.every((m) => m.status === "sent"))
        assert.deepStrictEqual(done.map((m) => m.status), ["sent", "sent"])
        assert.isTrue(done[0] !== undefined && done[1] !== undefined && done[0].updatedAt <= done[1].updatedAt, "in acceptance order")

        yield* expectError(yield* send("never-created", text), 404, "not_found")
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/messages/NOSUCHMESSAGE`)), 404, "not_found")
        yield* expectError(yield* raw("GET", api("/sessions/never-created/messages/NOSUCHMESSAGE")), 404, "not_found")
      }))

    it.effect("replays answer with the message as it is now: an async key always 202, a sync key 200 once sent", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("replay-codes")
        const accepted = expectJson(yield* send(id, text, { query: "?async=true", key: "later-1" }), 202) as SendResultJson
        yield* eventually(Effect.map(raw("GET", api(`/sessions/${id}/messages/${accepted.id}`)), (r) => expectJson(r, 200) as SendResultJson), (m) => m.status === "sent")
        const replayed = expectJson(yield* send(id, text, { query: "?async=true", key: "later-1" }), 202) as SendResultJson
        assert.deepStrictEqual([replayed.id, replayed.status], [accepted.id, "sent"])
        yield* expectError(yield* send(id, text, { key: "later-1" }), 409, "conflict")

        const sent = expectSent(yield* send(id, text, { key: "now-1" }), id)
        assert.deepStrictEqual(expectSent(yield* send(id, text, { key: "now-1" }), id), sent)
      }))

    it.effect("Idempotency-Key: the same body replays the original result; another body is 409 conflict", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("idem")
        const other = yield* newSession("idem-other")
        const first = expectSent(yield* send(id, text, { key: "order-1" }), id)
        const replay = expectSent(yield* send(id, { text: "hello", to, type: "text" }, { key: "order-1" }), id)
        assert.deepStrictEqual(replay, first, "key order in the body does not matter")

        const changed = yield* expectError(yield* send(id, { ...text, text: "changed" }, { key: "order-1" }), 409, "conflict")
        assert.strictEqual(changed.details?.["reason"], "idempotency_key_reused")
        yield* expectError(yield* send(other.id, text, { key: "order-1" }), 409, "conflict")

        // a replay needs no connection
        yield* disconnect(id)
        assert.deepStrictEqual(expectSent(yield* send(id, text, { key: "order-1" }), id), first)
        yield* reconnect(id)

        // keys belong to one organisation
        const theirs = yield* newSession("idem-globex", tokens.globex)
        const independent = expectSent(yield* send(theirs.id, text, { key: "order-1", token: tokens.globex }), theirs.id)
        assert.notStrictEqual(independent.id, first.id)

        const client = yield* clientFor(tokens.acme)
        const typed = yield* client.messages.send({
          params: { session: id },
          query: {},
          headers: { "idempotency-key": "order-1" },
          payload: { type: "text", to: user("6281200000001"), text: "hello" }
        })
        assert.strictEqual(typed.id, first.id)
      }))

    it.effect("an Idempotency-Key outside 1..255 printable characters is 400 naming it", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("idem-bad")
        yield* expectError(yield* send(id, text, { key: "k".repeat(256) }), 400, "validation_error", ["Idempotency-Key"])
        yield* expectError(yield* send(id, text, { key: "cl\u00e9-1" }), 400, "validation_error", ["Idempotency-Key"])
      }))

    it.effect("in an announcement-only group a plain member's send is 403 forbidden; an admin's is 200", () =>
      Effect.gen(function*() {
        const { owner, member, gid } = yield* ownerAndMember("announce")
        const client = yield* clientFor(tokens.acme)
        yield* client.groups.update({ params: { session: owner.id, gid }, payload: { settings: { isAnnounce: true } } })
        const announce = { type: "text", to: gid, text: "news" }
        // Refused up front from the member's stored view of the group, once the inbound sync has brought it the change.
        yield* eventually(Effect.map(raw("GET", groupPath(member.id, gid)), (r) => expectJson(r, 200) as { readonly isAnnounce: boolean }), (g) => g.isAnnounce)
        const error = yield* expectError(yield* send(member.id, announce), 403, "forbidden")
        assert.strictEqual(error.details?.["reason"], "not_admin")
        expectSent(yield* send(owner.id, announce), owner.id)
        const typed = yield* client.messages.send({
          params: { session: owner.id },
          query: {},
          headers: {},
          payload: { type: "text", to: GroupJid.make(gid), text: "typed news" }
        })
        assert.strictEqual(typed.to, gid)
      }))

    it.effect("message bodies are validated: polls with 1, 13 or repeated options and other bad fields → 400 naming them", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("invalid")
        const poll = (options: ReadonlyArray<string>, extra: object = {}) => ({ type: "poll", to, name: "Q", options, ...extra })
        yield* expectError(yield* send(id, poll(["only"])), 400, "validation_error", ["options"])
        yield* expectError(yield* send(id, poll(Array.from({ length: 13 }, (_, i) => `o${i}`))), 400, "validation_error", ["options"])
        yield* expectError(yield* send(id, poll(["same", "same"])), 400, "validation_error", ["options"])
        yield* expectError(yield* send(id, poll(["a", "b"], { selectableCount: 3 })), 400, "validation_error", ["selectableCount"])
        yield* expectError(yield* send(id, { ...text, text: "" }), 400, "validation_error", ["text"])
        yield* expectError(yield* send(id, { ...text, text: "x".repeat(65_537) }), 400, "validation_error", ["text"])
        yield* expectError(yield* send(id, { ...text, to: "someone" }), 400, "validation_error", ["to"])
        yield* expectError(yield* send(id, { type: "location", to, latitude: 91, longitude: 0 }), 400, "validation_error", ["latitude"])
        yield* expectError(yield* send(id, { type: "location", to, latitude: 0, longitude: -181 }), 400, "validation_error", ["longitude"])
        yield* expectError(yield* send(id, { type: "contact", to, contacts: [] }), 400, "validation_error", ["contacts"])
        const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, phone: "+62 812 3456 7890" }))
        yield* expectError(yield* send(id, { type: "contact", to, contacts: eleven }), 400, "validation_error", ["contacts"])
        yield* expectError(yield* send(id, { type: "contact", to, contacts: [{ name: "A", phone: "call" }] }), 400, "validation_error", [
          "phone"
        ])
        yield* expectError(yield* send(id, { type: "fax", to, text: "x" }), 400, "validation_error", ["type"])
      }))
  })

  layer(TestGateway({ ...testOptions, sendRatePerMinute: 2 }))("at 2 sends a minute", (it) => {
    it.effect("over the per-session rate a sync send is 429 rate_limited with Retry-After; replays spend nothing", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("rate")
        const first = expectSent(yield* send(id, text, { key: "rate-1" }), id)
        for (let i = 0; i < 3; i++) {
          assert.deepStrictEqual(expectSent(yield* send(id, text, { key: "rate-1" }), id), first, "a replay sends nothing")
        }
        expectSent(yield* send(id, text), id)

        const limited = yield* send(id, text)
        const error = yield* expectError(limited, 429, "rate_limited")
        const retryAfter = limited.headers["retry-after"]
        assert.match(retryAfter ?? "", /^[1-9][0-9]*$/, "Retry-After is a whole number of seconds")
        assert.strictEqual(error.details?.["retryAfterSeconds"], Number(retryAfter))

        // a replay still answers while the session is limited; a new keyed send is refused, nothing stored with its key
        assert.deepStrictEqual(expectSent(yield* send(id, text, { key: "rate-1" }), id), first)
        yield* expectError(yield* send(id, text, { key: "rate-2" }), 429, "rate_limited")
        yield* expectError(yield* send(id, text, { key: "rate-2" }), 429, "rate_limited")

        // the limit is per session
        const other = yield* newSession("rate-other")
        expectSent(yield* send(other.id, text), other.id)
      }))

    it.effect("concurrent sends with one Idempotency-Key make one message: every answer has its id", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("concurrent")
        const responses = yield* Effect.all(
          Array.from({ length: 5 }, () => send(id, text, { key: "together" })),
          { concurrency: "unbounded" }
        )
        const ids = new Set<string>()
        for (const response of responses) {
          // The first request answers 200 once sent; a replay that came while the message was queued answers 202.
          assert.include([200, 202], response.status)
          ids.add((expectJson(response, response.status) as SendResultJson).id)
        }
        assert.strictEqual(ids.size, 1, "every answer is the same message")
        // one of the two tokens was spent: one more send goes out, the next is limited
        expectSent(yield* send(id, text), id)
        yield* expectError(yield* send(id, text), 429, "rate_limited")
      }))
  })
})
