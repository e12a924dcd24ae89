import { assert, describe, layer } from "@effect/vitest"
import { verifyWebhookSignature } from "@wagate/core"
import { Duration, Effect } from "effect"
import { api, eventually, expectError, expectJson, expectList, expectNoContent, newSession } from "../support/endpoints.ts"
import { raw, TestGateway, testOptions, tokens } from "../support/gateway.ts"
import { type ReceivedDelivery, webhookReceiver } from "../support/webhookReceiver.ts"

interface Registered {
  readonly id: string
  readonly url: string
  readonly events: ReadonlyArray<string>
  readonly secret: string
  readonly createdAt: string
}

interface Delivery {
  readonly eventId: string
  readonly attempt: number
  readonly status: string
  readonly responseCode: number | null
  readonly error: string | null
  readonly at: string
}

const register = Effect.fn("register")(function*(body: Record<string, unknown>, token: string = tokens.acme) {
  return expectJson(yield* raw("POST", api("/webhooks"), { token, json: body }), 201) as Registered
})

const deliveries = (id: string) => Effect.map(raw("GET", api(`/webhooks/${id}/deliveries`)), (r) => expectList(r).items as ReadonlyArray<Delivery>)

/** Reads the deliveries log until `done` holds, over real time (each read is a round trip; bounded). */
const deliveriesUntil = (id: string, done: (items: ReadonlyArray<Delivery>) => boolean) =>
  eventually(deliveries(id).pipe(Effect.tap(Effect.sleep(Duration.millis(20)))), done, 500)

const verified = (secret: string, request: ReceivedDelivery) =>
  verifyWebhookSignature(secret, request.headers["wagate-signature"] ?? "", request.body, { toleranceSeconds: 300 })

const receiverGateway = TestGateway({ ...testOptions, webhooks: { allowPrivate: true, firstRetryDelay: Duration.millis(200) } })

describe("webhooks", () => {
  // Real time: deliveries go over real sockets to a receiver in this process, with their real retry delays.
  layer(receiverGateway, { excludeTestServices: true })((it) => {
    it.effect("a registered webhook receives a signed POST of the event; the list hides the secret; the log shows it", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver()
        const created = yield* register({ url: receiver.url, events: ["session.status"] })
        assert.deepStrictEqual(Object.keys(created).sort(), ["createdAt", "events", "id", "secret", "url"])
        assert.match(created.id, /^wh_[0-9A-Z]{26}$/)
        assert.match(created.secret, /^whsec_/)
        assert.deepStrictEqual(created.events, ["session.status"])

        const session = yield* newSession("hooked")
        const request = yield* receiver.next()
        assert.isTrue(yield* verified(created.secret, request), "the signature verifies with the secret")
        assert.isFalse(yield* verified("another-secret-entirely", request))
        assert.match(request.headers["content-type"] ?? "", /^application\/json/)
        const event = JSON.parse(request.body) as { id: string; type: string; sessionId: string; occurredAt: string; data: { status: string } }
        assert.deepStrictEqual(Object.keys(event).sort(), ["data", "id", "occurredAt", "sessionId", "type"])
        assert.strictEqual(event.type, "session.status")
        assert.strictEqual(event.sessionId, session.id)
        assert.strictEqual(request.headers["wagate-event-id"], event.id)
        assert.strictEqual(request.headers["wagate-event-type"], "session.status")

        const listed = yield* raw("GET", api("/webhooks"))
        const row = expectList(listed).items.find((w) => (w as Registered).id === created.id)
        assert.deepStrictEqual(row, { id: created.id, url: receiver.url, events: ["session.status"], createdAt: created.createdAt })
        assert.notInclude(listed.text, created.secret, "no secret in the list")

        const log = yield* deliveriesUntil(created.id, (items) => items.some((d) => d.eventId === event.id))
        const first = log.find((d) => d.eventId === event.id)
        assert.deepInclude(first, { eventId: event.id, attempt: 1, status: "succeeded", responseCode: 200, error: null })

        expectNoContent(yield* raw("DELETE", api(`/webhooks/${created.id}`)))
        yield* expectError(yield* raw("DELETE", api(`/webhooks/${created.id}`)), 404, "not_found")
        yield* expectError(yield* raw("GET", api(`/webhooks/${created.id}/deliveries`)), 404, "not_found")
      })))

    it.effect("a receiver answering 500 twice then 200 gets the event three times, signed, with increasing delays, all logged", () =>
      Effect.scoped(Effect.gen(function*() {
        const receiver = yield* webhookReceiver([500, 500, 200])
        const created = yield* register({ url: receiver.url, events: ["session.status"], secret: "the-receivers-own-secret" })
        yield* newSession("flaky")
        const attempts = [yield* receiver.next(), yield* receiver.next(), yield* receiver.next()]
        const eventId = attempts[0]?.headers["wagate-event-id"]
        for (const attempt of attempts) {
          assert.strictEqual(attempt.headers["wagate-event-id"], eventId, "the same event each time")
          assert.isTrue(yield* verified("the-receivers-own-secret", attempt))
        }
        const [a, b, c] = attempts.map((attempt) => attempt.at)
        const firstDelay = (b ?? 0) - (a ?? 0)
        const secondDelay = (c ?? 0) - (b ?? 0)
        assert.isAtLeast(firstDelay, 190, "the first retry waits the configured delay")
        assert.isAbove(secondDelay, firstDelay, "the next one waits longer")

        const log = yield* deliveriesUntil(created.id, (items) => items.filter((d) => d.eventId === eventId).length === 3)
        assert.deepStrictEqual(
          log.filter((d) => d.eventId === eventId).map(({ attempt, status, responseCode }) => [attempt, status, responseCode]),
          [[1, "retrying", 500], [2, "retrying", 500], [3, "succeeded", 200]]
        )
      })))

    it.effect("another organisation's webhook is not found, and never receives this organisation's events", () =>
      Effect.scoped(Effect.gen(function*() {
        const mine = yield* webhookReceiver()
        const theirs = yield* webhookReceiver()
        const acmeHook = yield* register({ url: mine.url, events: ["session.status"] })
        const globexHook = yield* register({ url: theirs.url, events: ["session.status"] }, tokens.globex)
        yield* expectError(yield* raw("GET", api(`/webhooks/${acmeHook.id}/deliveries`), { token: tokens.globex }), 404, "not_found")
        yield* expectError(yield* raw("DELETE", api(`/webhooks/${acmeHook.id}`), { token: tokens.globex }), 404, "not_found")
        assert.isFalse(expectList(yield* raw("GET", api("/webhooks?limit=1000"), { token: tokens.globex })).items.some((w) => (w as Registered).id === acmeHook.id))

        // acme's event commits first: had it been routed to globex's webhook, it would have arrived there first
        // (a webhook receives its events in order).
        const acmeSession = yield* newSession("acme-only")
        const globexSession = yield* newSession("globex-only", tokens.globex)
        const sessionOf = (request: ReceivedDelivery) => (JSON.parse(request.body) as { sessionId: string }).sessionId
        assert.strictEqual(sessionOf(yield* theirs.next()), globexSession.id)
        assert.strictEqual(sessionOf(yield* mine.next()), acmeSession.id)
        const theirLog = expectList(yield* raw("GET", api(`/webhooks/${globexHook.id}/deliveries`), { token: tokens.globex })).items
        const mineLog = yield* deliveries(acmeHook.id)
        for (const delivery of theirLog) {
          assert.isFalse(mineLog.some((d) => d.eventId === (delivery as Delivery).eventId), "no event logged for both organisations")
        }
      })))
  })

  layer(TestGateway())((it) => {
    it.effect("URLs in loopback, private, link-local and metadata ranges are refused (400, url) without the flag", () =>
      Effect.gen(function*() {
        for (
          const url of [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://[::1]/hook",
            "http://10.0.0.8/hook",
            "http://192.168.1.2/hook",
            "http://172.20.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/",
            "http://metadata.google.internal/",
            "http://[fe80::1]/hook",
            "http://0.0.0.0/hook",
            "ftp://example.com/hook",
            "not a url"
          ]
        ) {
          yield* expectError(yield* raw("POST", api("/webhooks"), { json: { url, events: ["session.status"] } }), 400, "validation_error", ["url"], url)
        }
      }))

    it.effect("bad bodies, ids and callers: 400 naming the field, 403 without manage, 404 for unknown ids", () =>
      Effect.gen(function*() {
        const post = (json: unknown, token: string = tokens.acme) => raw("POST", api("/webhooks"), { json, token })
        const url = "https://example.com/hook"
        yield* expectError(yield* post({ url, events: [] }), 400, "validation_error", ["events"])
        yield* expectError(yield* post({ url, events: ["message.sent"] }), 400, "validation_error", ["events"])
        yield* expectError(yield* post({ url, events: ["session.status"], secret: "short" }), 400, "validation_error", ["secret"])
        yield* expectError(yield* post({ url, events: ["session.status"], extra: true }), 400, "validation_error", ["extra"])
        yield* expectError(yield* post({ events: ["session.status"] }), 400, "validation_error", ["url"])
        yield* expectError(yield* post({ url, events: ["session.status"] }, tokens.acmeSender), 403, "forbidden")
        yield* expectError(yield* raw("GET", api("/webhooks"), { token: tokens.acmeReader }), 403, "forbidden")
        yield* expectError(yield* raw("GET", api("/webhooks/nope/deliveries")), 400, "validation_error", ["id"])
        yield* expectError(yield* raw("DELETE", api("/webhooks/wh_00000000000000000000000000")), 404, "not_found")
        yield* expectError(yield* raw("GET", api("/webhooks?limit=0")), 400, "validation_error", ["limit"])
      }))
  })
})
