import { deleteWebhook, type HostResolver, listWebhookDeliveries, listWebhooks, registerWebhook } from "@wagate/core"
import { Effect, Redacted } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./runner.ts"

export const WebhooksHandlers = HttpApiBuilder.group(WagateApi, "webhooks", Effect.fn(function*(handlers) {
  const run = yield* makeRunner<HostResolver>()
  return handlers
    .handle("register", ({ payload }) =>
      run((p) => registerWebhook(p, payload)).pipe(
        // The one response that shows the secret (API.md); it stays redacted everywhere else.
        Effect.map(({ webhook, secret }) => ({
          id: webhook.id,
          url: webhook.url,
          events: webhook.events,
          secret: Redacted.value(secret),
          createdAt: webhook.createdAt
        }))
      ))
    .handle("list", ({ query }) =>
      run((p) => listWebhooks(p, query)).pipe(
        Effect.map(({ items, nextCursor }) => ({
          items: items.map(({ id, url, events, createdAt }) => ({ id, url, events, createdAt })),
          nextCursor
        }))
      ))
    .handle("delete", ({ params }) => run((p) => deleteWebhook(p, params.id)))
    .handle("deliveries", ({ params, query }) => run((p) => listWebhookDeliveries(p, params.id, query)))
}))
