import {
  type DeliveryAttempt,
  deliveryKey,
  type DeliveryState,
  type OrgId,
  type PageQuery,
  type Timestamp,
  type Webhook,
  type WebhookId,
  WebhookStore
} from "@wagate/core"
import { Effect, Layer, Option, type Redacted } from "effect"
import { MemoryState } from "./MemoryState.ts"
import { keysetPage, sortByKey } from "./paging.ts"

const byId = (webhook: Webhook): string => webhook.id

/** `WebhookStore` over the shared memory tables. */
export const WebhookStoreMemory = Layer.effect(
  WebhookStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const create = Effect.fn("WebhookStoreMemory.create")(function*(webhook: Webhook, secret: Redacted.Redacted<string>, delivery: DeliveryState) {
      const inserted = yield* state.atomically((t) => {
        if (t.webhooks.has(webhook.id)) return false
        t.webhooks.set(webhook.id, { webhook, secret, state: delivery, deliveries: [] })
        return true
      })
      // Ids come from the IdGenerator: a clash is a bug, as a primary-key violation would be in SQL.
      if (!inserted) return yield* Effect.die(new Error(`webhook id ${webhook.id} is already stored`))
    })

    const list = Effect.fn("WebhookStoreMemory.list")(function*(orgId: OrgId, page: PageQuery) {
      return yield* state.atomically((t) => {
        const webhooks = Array.from(t.webhooks.values(), (record) => record.webhook).filter((w) => w.orgId === orgId)
        return keysetPage(sortByKey(webhooks, byId), byId, page)
      })
    })

    const get = Effect.fn("WebhookStoreMemory.get")(function*(orgId: OrgId, id: WebhookId) {
      return yield* state.atomically((t) => {
        const record = t.webhooks.get(id)
        return record === undefined || record.webhook.orgId !== orgId ? Option.none<Webhook>() : Option.some(record.webhook)
      })
    })

    const remove = Effect.fn("WebhookStoreMemory.delete")(function*(orgId: OrgId, id: WebhookId) {
      return yield* state.atomically((t) => {
        const record = t.webhooks.get(id)
        return record !== undefined && record.webhook.orgId === orgId && t.webhooks.delete(id)
      })
    })

    const targets = state.atomically((t) =>
      Array.from(t.webhooks.values(), ({ webhook, secret, state: delivery }) => ({ webhook, secret, state: delivery }))
    )

    const recordAttempt = Effect.fn("WebhookStoreMemory.recordAttempt")(function*(id: WebhookId, attempt: DeliveryAttempt, next: DeliveryState) {
      yield* state.atomically((t) => {
        const record = t.webhooks.get(id)
        if (record !== undefined) t.webhooks.set(id, { ...record, state: next, deliveries: [...record.deliveries, attempt] })
      })
    })

    const deliveries = Effect.fn("WebhookStoreMemory.deliveries")(function*(id: WebhookId, page: PageQuery) {
      return yield* state.atomically((t) => keysetPage(sortByKey(t.webhooks.get(id)?.deliveries ?? [], deliveryKey), deliveryKey, page))
    })

    const pruneDeliveries = Effect.fn("WebhookStoreMemory.pruneDeliveries")(function*(before: Timestamp) {
      return yield* state.atomically((t) => {
        let pruned = 0
        const cutoff = Date.parse(before)
        for (const [id, record] of t.webhooks) {
          const kept = record.deliveries.filter((attempt) => Date.parse(attempt.at) >= cutoff)
          pruned += record.deliveries.length - kept.length
          if (kept.length !== record.deliveries.length) t.webhooks.set(id, { ...record, deliveries: kept })
        }
        return pruned
      })
    })

    return WebhookStore.of({ create, list, get, delete: remove, targets, recordAttempt, deliveries, pruneDeliveries })
  })
)
