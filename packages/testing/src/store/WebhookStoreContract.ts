import { assert, layer, type Vitest } from "@effect/vitest"
import { type DeliveryAttempt, type Webhook, type WebhookId, WebhookStore } from "@wagate/core"
import { Effect, type Layer, Redacted } from "effect"
import { assertNone, at, eventId, freshOrgId, getSome, makeWebhook, webhookIds } from "./fixtures.ts"

const start = { cursor: null, attempt: 0, nextAttemptAt: null } as const

const attempt = (event: number, n: number, overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
  eventId: eventId(event),
  attempt: n,
  status: "retrying",
  responseCode: 500,
  error: "the receiver answered 500",
  at: at(10 + n),
  ...overrides
})

const targetOf = Effect.fn("targetOf")(function*(id: WebhookId) {
  const targets = yield* (yield* WebhookStore).targets
  return targets.find((target) => target.webhook.id === id)
})

/** Registers the `WebhookStore` tests on `it`. */
export const webhookStoreTests = (it: Vitest.MethodsNonLive<WebhookStore>): void => {
  it.effect("create, get and list an organisation's webhooks by id; never another organisation's", () =>
    Effect.gen(function*() {
      const webhooks = yield* WebhookStore
      const orgId = freshOrgId()
      const id = webhookIds()
      for (const i of [2, 3, 1]) {
        yield* webhooks.create(makeWebhook(orgId, id(i), { events: ["message.status", "group.updated"] }), Redacted.make(`secret-${i}`), start)
      }
      const other = freshOrgId()
      yield* webhooks.create(makeWebhook(other, id(4)), Redacted.make("secret-4"), start)
      const ids = (page: { readonly items: ReadonlyArray<Webhook> }) => page.items.map((w) => w.id)

      assert.deepStrictEqual(getSome(yield* webhooks.get(orgId, id(1))), makeWebhook(orgId, id(1), { events: ["message.status", "group.updated"] }))
      assertNone(yield* webhooks.get(other, id(1)), "another organisation's webhook")
      const first = yield* webhooks.list(orgId, { limit: 2, after: null })
      assert.deepStrictEqual(ids(first), [id(1), id(2)])
      assert.strictEqual(first.lastKey, id(2))
      const rest = yield* webhooks.list(orgId, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(ids(rest), [id(3)])
      assert.isNull(rest.lastKey)
      assert.deepStrictEqual(ids(yield* webhooks.list(other, { limit: 10, after: null })), [id(4)])
    }))

  it.effect("targets carry each webhook's secret and delivery state", () =>
    Effect.gen(function*() {
      const webhooks = yield* WebhookStore
      const webhook = makeWebhook(freshOrgId(), webhookIds()(1))
      yield* webhooks.create(webhook, Redacted.make("s3cret-value-long"), { cursor: eventId(7), attempt: 0, nextAttemptAt: null })
      const target = yield* targetOf(webhook.id)
      assert.isDefined(target)
      assert.deepStrictEqual(target?.webhook, webhook)
      assert.strictEqual(target === undefined ? undefined : Redacted.value(target.secret), "s3cret-value-long")
      assert.deepStrictEqual(target?.state, { cursor: eventId(7), attempt: 0, nextAttemptAt: null })
    }))

  it.effect("recordAttempt logs the attempt and moves the delivery state together; deliveries page in order", () =>
    Effect.gen(function*() {
      const webhooks = yield* WebhookStore
      const webhook = makeWebhook(freshOrgId(), webhookIds()(1))
      yield* webhooks.create(webhook, Redacted.make("secret-secret-secret"), start)

      yield* webhooks.recordAttempt(webhook.id, attempt(1, 1), { cursor: null, attempt: 1, nextAttemptAt: at(30) })
      assert.deepStrictEqual((yield* targetOf(webhook.id))?.state, { cursor: null, attempt: 1, nextAttemptAt: at(30) })
      yield* webhooks.recordAttempt(webhook.id, attempt(1, 2, { status: "succeeded", responseCode: 200, error: null }), {
        cursor: eventId(1),
        attempt: 0,
        nextAttemptAt: null
      })
      yield* webhooks.recordAttempt(webhook.id, attempt(2, 1, { status: "failed", responseCode: null, error: "timed out" }), {
        cursor: eventId(2),
        attempt: 0,
        nextAttemptAt: null
      })
      assert.deepStrictEqual((yield* targetOf(webhook.id))?.state, { cursor: eventId(2), attempt: 0, nextAttemptAt: null })

      const first = yield* webhooks.deliveries(webhook.id, { limit: 2, after: null })
      assert.deepStrictEqual(first.items, [attempt(1, 1), attempt(1, 2, { status: "succeeded", responseCode: 200, error: null })])
      assert.isNotNull(first.lastKey)
      const rest = yield* webhooks.deliveries(webhook.id, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(rest.items, [attempt(2, 1, { status: "failed", responseCode: null, error: "timed out" })])
      assert.isNull(rest.lastKey)
      // A cursor a client made up, with an attempt past a 32-bit integer: read after it, as after any key.
      const madeUp = yield* webhooks.deliveries(webhook.id, { limit: 2, after: `${eventId(1)}/99999999999` })
      assert.deepStrictEqual(madeUp.items, rest.items)
    }))

  it.effect("delete removes the organisation's webhook with its log; another organisation cannot", () =>
    Effect.gen(function*() {
      const webhooks = yield* WebhookStore
      const orgId = freshOrgId()
      const webhook = makeWebhook(orgId, webhookIds()(1))
      yield* webhooks.create(webhook, Redacted.make("secret-secret-secret"), start)
      yield* webhooks.recordAttempt(webhook.id, attempt(1, 1), { cursor: null, attempt: 1, nextAttemptAt: null })

      assert.isFalse(yield* webhooks.delete(freshOrgId(), webhook.id), "another organisation's delete finds nothing")
      assert.isTrue(yield* webhooks.delete(orgId, webhook.id))
      assert.isFalse(yield* webhooks.delete(orgId, webhook.id), "deleting twice finds nothing")
      assertNone(yield* webhooks.get(orgId, webhook.id))
      assert.isUndefined(yield* targetOf(webhook.id))
      assert.deepStrictEqual((yield* webhooks.deliveries(webhook.id, { limit: 10, after: null })).items, [])
      // The dispatcher may still be finishing an attempt on it: recording one is a no-op, not an error.
      yield* webhooks.recordAttempt(webhook.id, attempt(1, 2), { cursor: null, attempt: 2, nextAttemptAt: null })
      assert.deepStrictEqual((yield* webhooks.deliveries(webhook.id, { limit: 10, after: null })).items, [])
    }))

  it.effect("pruneDeliveries deletes log entries older than the given time", () =>
    Effect.gen(function*() {
      const webhooks = yield* WebhookStore
      const webhook = makeWebhook(freshOrgId(), webhookIds()(1))
      yield* webhooks.create(webhook, Redacted.make("secret-secret-secret"), start)
      for (const n of [1, 2, 3]) {
        yield* webhooks.recordAttempt(webhook.id, attempt(1, n, { at: at(3600 * n) }), { cursor: null, attempt: n, nextAttemptAt: null })
      }
      // Other tests share the store: at least this webhook's older two go, never its newest.
      assert.isAtLeast(yield* webhooks.pruneDeliveries(at(3600 * 3)), 2)
      assert.deepStrictEqual((yield* webhooks.deliveries(webhook.id, { limit: 10, after: null })).items, [attempt(1, 3, { at: at(3600 * 3) })])
    }))
}

/** The `WebhookStore` contract: every adapter of the port must pass it. */
export const webhookStoreContract = <E>(name: string, storeLayer: Layer.Layer<WebhookStore, E>): void =>
  layer(storeLayer)(name, webhookStoreTests)
