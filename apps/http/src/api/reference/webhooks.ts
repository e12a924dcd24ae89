import { envelope, errors } from "./examples.ts"
import { invalid, invalidPage, missing } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const webhooksTag =
  "Webhooks deliver your organisation's events to your own HTTP endpoint: each event is POSTed as JSON (the same `Event` the stream sends) with the headers `Wagate-Event-Id`, `Wagate-Event-Type` and `Wagate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>`. Verify the signature over the raw body with the webhook's secret (`verifyWebhookSignature` in `@wagate/core` does it in constant time) and refuse old timestamps. Every 2xx answer is a success; anything else (or no answer within 10 s) is retried with exponential backoff and jitter (first retry after about 1 s, at most 1 h apart) up to `WAGATE_WEBHOOK_MAX_ATTEMPTS` attempts, then logged as failed. Each webhook receives its events in order, at least once (a delivery whose 2xx was not recorded before a crash is sent again: deduplicate by `Wagate-Event-Id`); a slow or failing webhook never delays another."

const webhookId = "wh_01M8RC1V69TWPNB48V344S8J29"

const registered = {
  id: webhookId,
  url: "https://example.com/wagate/events",
  events: ["group.participants", "message.status"],
  secret: "whsec_3q2-7wBf1QdFhX4jz0PqvT8yk6mLr5sN9cUaEeGiHoI",
  createdAt: "2026-11-22T03:41:01.625Z"
}

const webhookNotFound = {
  summary: "No such webhook in your organisation",
  value: envelope("not_found", `webhook not found: ${webhookId}`, { resource: "webhook", id: webhookId })
}

const invalidWebhookId = {
  summary: "Not a webhook id",
  value: envelope("validation_error", "invalid id", { id: "must be a webhook id (wh_ and 26 characters)" })
}

const idParameter = {
  id: {
    description: "The webhook's id (`wh_…`), from its registration or `GET /webhooks`.",
    example: webhookId,
    schema: { type: "string", pattern: "^wh_[0-9A-Z]{26}$" }
  }
}

export const registerWebhook: OperationDoc = {
  summary: "Register a webhook",
  what:
    "Registers an endpoint that receives your organisation's events of the listed types, from the next one committed on (not the stored history: read `GET /events/history` for that). The signing secret is in this response only: store it now.",
  capability: "manage",
  served: "gateway",
  success: "**201 Created** with the webhook and its `secret`.",
  sideEffects: "The webhook is stored and deliveries to it start at once.",
  idempotency: "Not idempotent: each call registers another webhook (each receives every matching event).",
  notes:
    "Only `http` and `https` URLs. A host that is, or resolves to, a loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), metadata (169.254.169.254, fd00:ec2::254, `metadata.google.internal`) or unspecified address is refused unless the gateway runs with `WAGATE_WEBHOOK_ALLOW_PRIVATE=true`; the check is made again before each delivery.",
  errors: {
    validation_error: invalid("a `url` that is not http(s) or points at a refused address, no `events`, an unknown or repeated type, or a `secret` under 16 characters", {
      privateUrl: {
        summary: "A URL in a refused range",
        value: envelope("validation_error", "invalid url", {
          url: "must not point at a loopback address (127.0.0.1); set WAGATE_WEBHOOK_ALLOW_PRIVATE=true to allow it"
        })
      },
      noEvents: {
        summary: "No event types",
        value: envelope("validation_error", "invalid events", { events: "must list at least one event type" })
      },
      unknownField: errors.unknownField
    }),
    forbidden: missing("manage")
  },
  request: {
    generatedSecret: {
      summary: "Deliveries of member changes and message statuses; the secret generated",
      value: { url: registered.url, events: registered.events }
    },
    ownSecret: {
      summary: "With a secret of your own",
      value: { url: registered.url, events: ["session.status"], secret: "a-long-random-string-of-yours" }
    }
  },
  responses: {
    201: { description: "The webhook, with its secret shown this once.", examples: { registered: { summary: "A new webhook", value: registered } } }
  }
}

export const listWebhooks: OperationDoc = {
  summary: "List webhooks",
  what: "Lists your organisation's webhooks by id, without their secrets.",
  capability: "manage",
  served: "gateway",
  success: "**200 OK** with a `List` of Webhook.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalidPage,
    forbidden: missing("manage")
  },
  responses: {
    200: {
      description: "A page of webhooks.",
      examples: {
        one: {
          summary: "One webhook",
          value: { items: [{ id: webhookId, url: registered.url, events: registered.events, createdAt: registered.createdAt }], nextCursor: "" }
        }
      }
    }
  }
}

export const deleteWebhook: OperationDoc = {
  summary: "Delete a webhook",
  what: "Deletes one of your organisation's webhooks with its deliveries log; nothing more is delivered to it.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The webhook and its deliveries log are deleted; an attempt in flight may still reach the receiver.",
  idempotency: "Deleting again answers 404.",
  errors: {
    validation_error: invalid("an `id` that is not a webhook id", { invalidId: invalidWebhookId }),
    forbidden: missing("manage"),
    not_found: { when: "no webhook with this id belongs to your organisation (`details.resource`: `webhook`).", examples: { webhookNotFound } }
  },
  parameters: idParameter
}

export const listWebhookDeliveries: OperationDoc = {
  summary: "List a webhook's deliveries",
  what:
    "Lists the webhook's delivery attempts, oldest first (by event, then attempt): each with the receiver's status code or the error that stopped it (`null` where there is none), and what became of it: `succeeded`, `retrying` (tried again later) or `failed` (the last attempt allowed; the webhook moved on). Entries older than `WAGATE_EVENT_RETENTION_DAYS` are pruned.",
  capability: "manage",
  served: "gateway",
  success: "**200 OK** with a `List` of WebhookDelivery.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("an `id` that is not a webhook id, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidId: invalidWebhookId,
      invalidLimit: errors.invalidLimit
    }),
    forbidden: missing("manage"),
    not_found: { when: "no webhook with this id belongs to your organisation (`details.resource`: `webhook`).", examples: { webhookNotFound } }
  },
  parameters: idParameter,
  responses: {
    200: {
      description: "A page of delivery attempts.",
      examples: {
        retried: {
          summary: "An event delivered at the second attempt",
          value: {
            items: [
              { eventId: "00000000000004d2000000000000002a", attempt: 1, status: "retrying", responseCode: 500, error: "the receiver answered 500", at: "2026-11-22T03:42:00.011Z" },
              { eventId: "00000000000004d2000000000000002a", attempt: 2, status: "succeeded", responseCode: 200, error: null, at: "2026-11-22T03:42:01.187Z" }
            ],
            nextCursor: ""
          }
        }
      }
    }
  }
}
