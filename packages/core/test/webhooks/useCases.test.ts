import { assert, describe, it } from "@effect/vitest"
import { deleteWebhook, listWebhookDeliveries, listWebhooks, registerWebhook } from "@wagate/core"
import { Effect, Redacted } from "effect"
import { acme, acmeSender, globex } from "../support/world.ts"
import { WebhookWorld } from "../support/webhooks.ts"

const url = "https://receiver.example/hook"

describe("webhook use-cases", () => {
  it.effect("register generates a secret when none is given; the list never shows one", () =>
    Effect.gen(function*() {
      const generated = yield* registerWebhook(acme, { url, events: ["message.status", "group.updated"] })
      assert.match(Redacted.value(generated.secret), /^whsec_[A-Za-z0-9_-]{43}$/)
      assert.match(generated.webhook.id, /^wh_[0-9A-Z]{26}$/)
      assert.deepStrictEqual(generated.webhook.events, ["message.status", "group.updated"])
      assert.notInclude(String(generated.secret), Redacted.value(generated.secret), "the secret prints redacted")
      const own = yield* registerWebhook(acme, { url, events: ["session.status"], secret: "my-own-secret-16+" })
      assert.strictEqual(Redacted.value(own.secret), "my-own-secret-16+")

      const listed = yield* listWebhooks(acme)
      assert.deepStrictEqual(listed.items.map((w) => w.id), [generated.webhook.id, own.webhook.id])
      assert.notInclude(JSON.stringify(listed), "my-own-secret-16+")
      assert.notInclude(JSON.stringify(listed), Redacted.value(generated.secret))
      assert.deepStrictEqual((yield* listWebhooks(globex)).items, [])
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("bad bodies are validation errors naming the field; managing webhooks needs manage", () =>
    Effect.gen(function*() {
      const fields = (input: unknown) =>
        Effect.flip(registerWebhook(acme, input)).pipe(Effect.map((e) => (e._tag === "ValidationError" ? Object.keys(e.details).sort() : [e._tag])))
      assert.deepStrictEqual(yield* fields({ url, events: [] }), ["events"])
      assert.deepStrictEqual(yield* fields({ url, events: ["message.sent"] }), ["events.0"])
      assert.deepStrictEqual(yield* fields({ url, events: ["session.status", "session.status"] }), ["events"])
      assert.deepStrictEqual(yield* fields({ url, events: ["session.status"], secret: "short" }), ["secret"])
      assert.deepStrictEqual(yield* fields({ url: "ftp://x.example/", events: ["session.status"] }), ["url"])
      assert.deepStrictEqual(yield* fields({ url: "http://127.0.0.1/", events: ["session.status"] }), ["url"])
      assert.deepStrictEqual(yield* fields({ events: ["session.status"], extra: 1 }), ["extra", "url"])
      const denied = yield* Effect.flip(registerWebhook(acmeSender, { url, events: ["session.status"] }))
      assert.strictEqual(denied._tag, "MissingCapability")
      assert.strictEqual((yield* Effect.flip(listWebhooks(acmeSender)))._tag, "MissingCapability")
    }).pipe(Effect.provide(WebhookWorld)))

  it.effect("delete and deliveries find only the organisation's own webhooks", () =>
    Effect.gen(function*() {
      const { webhook } = yield* registerWebhook(acme, { url, events: ["session.status"] })
      assert.strictEqual((yield* Effect.flip(deleteWebhook(globex, webhook.id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(listWebhookDeliveries(globex, webhook.id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(deleteWebhook(acme, "nope")))._tag, "ValidationError")
      assert.deepStrictEqual(yield* listWebhookDeliveries(acme, webhook.id), { items: [], nextCursor: "" })
      yield* deleteWebhook(acme, webhook.id)
      assert.strictEqual((yield* Effect.flip(deleteWebhook(acme, webhook.id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(listWebhookDeliveries(acme, webhook.id)))._tag, "NotFound")
    }).pipe(Effect.provide(WebhookWorld)))
})
