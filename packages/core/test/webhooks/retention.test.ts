import { assert, describe, it } from "@effect/vitest"
import { EventStore, listWebhookDeliveries, registerWebhook, Retention } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { acme, eventually } from "../support/world.ts"
import { appendEvent, nextRequest, WebhookWorld } from "../support/webhooks.ts"

const history = Effect.gen(function*() {
  return yield* (yield* EventStore).history(acme.orgId, { after: null, limit: 100 })
})

describe("retention", () => {
  // The test clock moves by days: the 1 s fallback polls of the event tail and the dispatcher run that many times,
  // seconds of work on a loaded 2-core machine (hence the longer timeout).
  it.effect("every hour, events and delivery logs older than the retention are deleted; newer ones stay", () =>
    Effect.gen(function*() {
      const { webhook } = yield* registerWebhook(acme, { url: "https://kept.example/hook", events: ["group.participants"] })
      const old = yield* appendEvent(acme, 1)
      yield* nextRequest()
      yield* eventually(listWebhookDeliveries(acme, webhook.id), (page) => page.items.length === 1)

      yield* TestClock.adjust(Duration.days(2))
      const recent = yield* appendEvent(acme, 2)
      yield* nextRequest()
      yield* eventually(listWebhookDeliveries(acme, webhook.id), (page) => page.items.length === 2)

      // Retention of 3 days, pruning hourly: a day and an hour later the first event is over 3 days old.
      yield* Layer.build(Retention.layer({ retention: Duration.days(3) }))
      assert.deepStrictEqual((yield* history).map((e) => e.id), [old.id, recent.id], "nothing is old enough yet")
      yield* TestClock.adjust(Duration.days(1))
      yield* TestClock.adjust(Duration.hours(1))
      assert.deepStrictEqual((yield* history).map((e) => e.id), [recent.id])
      const log = yield* listWebhookDeliveries(acme, webhook.id)
      assert.deepStrictEqual(log.items.map((d) => d.eventId), [recent.id])
    }).pipe(Effect.scoped, Effect.provide(WebhookWorld)), 30_000)
})
