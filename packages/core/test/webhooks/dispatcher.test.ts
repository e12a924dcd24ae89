import { assert, describe, it } from "@effect/vitest"
import {
  deleteWebhook,
  listWebhookDeliveries,
  registerWebhook,
  type Principal,
  verifyWebhookSignature,
  webhookRetryDelay,
  WebhookSettings
} from "@wagate/core"
import { Duration, Effect, Layer, Queue, Ref } from "effect"
import { TestClock } from "effect/testing"
import { eventually, acme, globex } from "../support/world.ts"
import { appendEvent, eventuallyOnTheClock, nextRequest, Receivers, WebhookWorld, webhookWorld } from "../support/webhooks.ts"

const register = (owner: Principal, url: string) =>
  registerWebhook(owner, { url, events: ["group.participants"], secret: "a-secret-of-enough-length" })

const deliveries = (owner: Principal, id: string) => Effect.map(listWebhookDeliveries(owner, id), (page) => page.items)

describe("webhook dispatcher", () => {
  it.effect("retry delays double from about 1 s, with at most 25% jitter, and never exceed 1 h", () =>
    Effect.gen(function*() {
      const settings = WebhookSettings.defaultValue()
      for (let attempt = 1; attempt <= 12; attempt++) {
        const delay = Duration.toMillis(yield* webhookRetryDelay(settings, attempt))
        const base = Math.min(1000 * 2 ** (attempt - 1), 3_600_000)
        assert.isAtLeast(delay, base, `attempt ${attempt}`)
        assert.isAtMost(delay, Math.min(base * 1.25, 3_600_000), `attempt ${attempt}`)
      }
      for (const attempt of [13, 14, 30, 100]) {
        assert.strictEqual(Duration.toMillis(yield* webhookRetryDelay(settings, attempt)), 3_600_000, `attempt ${attempt}`)
      }
    }))

  it.effect("500, 500, 200: three signed attempts with increasing delays, each logged", () =>
    Effect.gen(function*() {
      const { webhook } = yield* register(acme, "https://a.example/hook")
      yield* (yield* Receivers).script("https://a.example/hook", [500, 500, 200])
      const event = yield* appendEvent(acme, 1)

      const first = yield* nextRequest()
      const second = yield* nextRequest()
      const third = yield* nextRequest()
      for (const request of [first, second, third]) {
        assert.strictEqual(request.url, "https://a.example/hook")
        assert.strictEqual(request.headers["wagate-event-id"], event.id)
        assert.strictEqual(request.headers["wagate-event-type"], "group.participants")
        const signature = request.headers["wagate-signature"] ?? ""
        assert.isTrue(yield* verifyWebhookSignature("a-secret-of-enough-length", signature, request.body, { toleranceSeconds: 300 }))
        assert.deepStrictEqual(JSON.parse(request.body), {
          id: event.id,
          type: "group.participants",
          sessionId: "s1",
          occurredAt: event.occurredAt,
          data: event.data
        })
      }
      const firstDelay = second.at - first.at
      const secondDelay = third.at - second.at
      // Lower bounds only: the clock is moved in steps while the dispatcher signs with Web Crypto (real time), so a
      // request can be stamped a step or more after its retry was due; the schedule's upper bounds (the jitter) are
      // the first test's.
      assert.isAtLeast(firstDelay, 1000, "the first retry comes after about 1 s")
      assert.isAtLeast(secondDelay, 2000, "then about 2 s")
      assert.isAbove(secondDelay, firstDelay)

      const log = yield* eventually(deliveries(acme, webhook.id), (items) => items.length === 3)
      assert.deepStrictEqual(log.map(({ eventId, attempt, status, responseCode, error }) => ({ eventId, attempt, status, responseCode, error })), [
        { eventId: event.id, attempt: 1, status: "retrying", responseCode: 500, error: "the receiver answered 500" },
        { eventId: event.id, attempt: 2, status: "retrying", responseCode: 500, error: "the receiver answered 500" },
        { eventId: event.id, attempt: 3, status: "succeeded", responseCode: 200, error: null }
      ])
      assert.strictEqual(log[0]?.at, new Date(first.at).toISOString())
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("a receiver that never answers does not delay another webhook's deliveries", () =>
    Effect.gen(function*() {
      const receivers = yield* Receivers
      const hung = yield* register(acme, "https://hangs.example/hook")
      const healthy = yield* register(acme, "https://healthy.example/hook")
      yield* receivers.script("https://hangs.example/hook", ["hang"])

      const events = [yield* appendEvent(acme, 1), yield* appendEvent(acme, 2), yield* appendEvent(acme, 3)]
      const healthyLog = yield* eventually(deliveries(acme, healthy.webhook.id), (items) => items.length === 3)
      assert.deepStrictEqual(healthyLog.map((d) => [d.eventId, d.status]), events.map((e) => [e.id, "succeeded"]))
      const requests = yield* Ref.get(receivers.log)
      assert.deepStrictEqual(
        requests.filter((r) => r.url.includes("hangs")).map((r) => r.headers["wagate-event-id"]),
        [events[0]?.id],
        "the hung webhook is still on its first event"
      )
      assert.deepStrictEqual(yield* deliveries(acme, hung.webhook.id), [], "its attempt has not ended")
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("an organisation's webhook only ever gets that organisation's events", () =>
    Effect.gen(function*() {
      const receivers = yield* Receivers
      yield* register(acme, "https://acme.example/hook")
      yield* register(globex, "https://globex.example/hook")
      const acmeEvent = yield* appendEvent(acme, 1)
      const globexEvent = yield* appendEvent(globex, 2)
      const acmeEvent2 = yield* appendEvent(acme, 3)

      const seen = (host: string) =>
        Effect.map(Ref.get(receivers.log), (log) => log.filter((r) => r.url.includes(host)).map((r) => r.headers["wagate-event-id"]))
      assert.deepStrictEqual(yield* eventuallyOnTheClock(seen("acme"), (ids) => ids.length === 2), [acmeEvent.id, acmeEvent2.id])
      assert.deepStrictEqual(yield* eventuallyOnTheClock(seen("globex"), (ids) => ids.length === 1), [globexEvent.id])
      // Let every fiber run on: nothing else arrives.
      yield* eventually(Queue.size(receivers.requests), () => false)
      assert.deepStrictEqual(yield* seen("globex"), [globexEvent.id])
      assert.strictEqual((yield* Effect.flip(listWebhookDeliveries(globex, (yield* register(acme, "https://x.example/")).webhook.id)))._tag, "NotFound")
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("after the last attempt allowed the delivery is failed and the next event goes out, in order", () =>
    Effect.gen(function*() {
      const { webhook } = yield* register(acme, "https://flaky.example/hook")
      yield* (yield* Receivers).script("https://flaky.example/hook", [503, "unreachable", 200])
      const first = yield* appendEvent(acme, 1)
      const second = yield* appendEvent(acme, 2)

      const requests = [yield* nextRequest(), yield* nextRequest(), yield* nextRequest()]
      assert.deepStrictEqual(requests.map((r) => r.headers["wagate-event-id"]), [first.id, first.id, second.id])
      const log = yield* eventually(deliveries(acme, webhook.id), (items) => items.length === 3)
      assert.deepStrictEqual(log.map(({ eventId, attempt, status, responseCode, error }) => ({ eventId, attempt, status, responseCode, error })), [
        { eventId: first.id, attempt: 1, status: "retrying", responseCode: 503, error: "the receiver answered 503" },
        { eventId: first.id, attempt: 2, status: "failed", responseCode: null, error: "connection refused" },
        { eventId: second.id, attempt: 1, status: "succeeded", responseCode: 200, error: null }
      ])
    }).pipe(
      Effect.provide(WebhookWorld.pipe(
        Layer.provide(Layer.succeed(WebhookSettings, { ...WebhookSettings.defaultValue(), maxAttempts: 2 }))
      ))
    ))

  it.effect("a deleted webhook gets nothing more; events of types it did not ask for never go out", () =>
    Effect.gen(function*() {
      const receivers = yield* Receivers
      const { webhook } = yield* registerWebhook(acme, { url: "https://typed.example/hook", events: ["session.status"] })
      yield* appendEvent(acme, 1)
      yield* eventually(Queue.size(receivers.requests), () => false)
      assert.deepStrictEqual(yield* Ref.get(receivers.log), [], "a group.participants event is not a session.status one")
      const deleted = yield* register(acme, "https://deleted.example/hook")
      yield* deleteWebhook(acme, deleted.webhook.id)
      yield* appendEvent(acme, 2)
      yield* eventually(Queue.size(receivers.requests), () => false)
      assert.deepStrictEqual(yield* Ref.get(receivers.log), [])
      assert.deepStrictEqual(yield* deliveries(acme, webhook.id), [])
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("a process that does not own the transport delivers nothing (the owner does)", () =>
    Effect.gen(function*() {
      const receivers = yield* Receivers
      yield* register(acme, "https://observed.example/hook")
      yield* appendEvent(acme, 1)
      yield* TestClock.adjust("5 minutes")
      yield* eventually(Queue.size(receivers.requests), () => false)
      assert.deepStrictEqual(yield* Ref.get(receivers.log), [])
    }).pipe(Effect.provide(webhookWorld({ _tag: "Observer", holder: "another gateway process" }))))
})
