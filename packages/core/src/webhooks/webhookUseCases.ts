import { Effect, Option, Redacted, Schema } from "effect"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as Base64Url from "effect/encoding/Base64Url"
import { NotFound } from "../domain/errors.ts"
import { EventTypeSchema } from "../domain/Event.ts"
import type { Principal } from "../domain/Principal.ts"
import { type Webhook, WebhookId } from "../domain/Webhook.ts"
import { requireCapability } from "../access/capability.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { decodeInput } from "../access/validate.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { WebhookStore } from "../ports/store/WebhookStore.ts"
import { checkWebhookUrl } from "./webhookUrl.ts"
import { WebhookChanges } from "./WebhookChanges.ts"

/** `POST /webhooks` body. */
export const RegisterWebhookBody = Schema.Struct({
  url: Schema.String.pipe(Schema.check(Schema.isMaxLength(2048))).annotate({
    description: "Where deliveries are POSTed: an `http` or `https` URL, up to 2048 characters. Hosts in loopback, " +
      "private, link-local and metadata ranges (by address or by what the name resolves to) are refused unless " +
      "the gateway runs with `WAGATE_WEBHOOK_ALLOW_PRIVATE=true`.",
    examples: ["https://example.com/wagate/events"]
  }),
  events: Schema.Array(EventTypeSchema).annotate({ description: "The event types to deliver: at least one, none twice." }).pipe(
    Schema.check(Schema.isMinLength(1, { message: "must list at least one event type" })),
    Schema.check(Schema.isUnique({ message: "must not list an event type twice" }))
  ),
  secret: Schema.optionalKey(
    Schema.String.pipe(Schema.check(Schema.isBetweenLength(16, 256, { message: "must be 16 to 256 characters" }))).annotate({
      description: "The HMAC key deliveries are signed with, 16 to 256 characters; generated when omitted."
    })
  )
}).annotate({ description: "A new webhook: where to deliver, which events, and optionally its signing secret." })

const decodeRegister = decodeInput(RegisterWebhookBody)
const decodeId = decodeInput(Schema.Struct({ id: WebhookId }))

/** A generated secret's prefix (as Stripe's `whsec_`), so a leaked one is recognisable. */
export const WEBHOOK_SECRET_PREFIX = "whsec_"

/** A new secret: 32 bytes from Effect's `SecureRandom`, base64url. */
const newSecret = SecureRandom.SecureRandom.use((random) =>
  Effect.map(random.randomBytes(32), (bytes) => `${WEBHOOK_SECRET_PREFIX}${Base64Url.encode(bytes)}`)
)

/** A webhook just registered, with its secret: the only time the secret is shown. */
export interface RegisteredWebhook {
  readonly webhook: Webhook
  readonly secret: Redacted.Redacted<string>
}

/**
 * Registers a webhook for the caller's organisation. It receives the events committed after it was registered
 * (not the stored history: a client that wants that reads `/events/history`).
 */
export const registerWebhook = Effect.fn("webhooks.register")(function*(principal: Principal, input: unknown) {
  const body = yield* decodeRegister(input)
  yield* requireCapability(principal, "manage")
  const url = yield* checkWebhookUrl(body.url)
  const secret = Redacted.make(body.secret ?? (yield* newSecret))
  const webhook: Webhook = {
    id: WebhookId.make(`wh_${yield* (yield* IdGenerator).next}`),
    orgId: principal.orgId,
    url,
    events: body.events,
    createdAt: yield* now
  }
  const cursor = yield* (yield* EventStore).latest
  yield* (yield* WebhookStore).create(webhook, secret, { cursor, attempt: 0, nextAttemptAt: null })
  yield* (yield* WebhookChanges).notify
  const registered: RegisteredWebhook = { webhook, secret }
  return registered
})

/** The organisation's webhooks, without secrets. */
export const listWebhooks = Effect.fn("webhooks.list")(function*(principal: Principal, page?: PageInput) {
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "manage")
  return toPage(yield* (yield* WebhookStore).list(principal.orgId, query))
})

/** Deletes one of the organisation's webhooks and its deliveries log; another organisation's is not found. */
export const deleteWebhook = Effect.fn("webhooks.delete")(function*(principal: Principal, id: string) {
  const ref = yield* decodeId({ id })
  yield* requireCapability(principal, "manage")
  const deleted = yield* (yield* WebhookStore).delete(principal.orgId, ref.id)
  if (!deleted) return yield* new NotFound({ resource: "webhook", id: ref.id })
  yield* (yield* WebhookChanges).notify
})

/** The webhook's delivery attempts, oldest first; another organisation's webhook is not found. */
export const listWebhookDeliveries = Effect.fn("webhooks.deliveries")(function*(principal: Principal, id: string, page?: PageInput) {
  const ref = yield* decodeId({ id })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "manage")
  const webhooks = yield* WebhookStore
  if (Option.isNone(yield* webhooks.get(principal.orgId, ref.id))) {
    return yield* new NotFound({ resource: "webhook", id: ref.id })
  }
  return toPage(yield* webhooks.deliveries(ref.id, query))
})
