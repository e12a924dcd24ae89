import { Schema } from "effect"
import { EventId, EventTypeSchema } from "./Event.ts"
import { OrgId, Timestamp } from "./Ids.ts"

/** A webhook's id: `wh_` and a ULID. */
export const WebhookId = Schema.String.annotate({ examples: ["wh_01M8RC1V69TWPNB48V344S8J29"] }).pipe(
  Schema.check(Schema.isPattern(/^wh_[0-9A-Z]{26}$/u, { message: "must be a webhook id (wh_ and 26 characters)" })),
  Schema.brand("WebhookId")
)
export type WebhookId = typeof WebhookId.Type

/** A registered receiver of the organisation's events; its secret is kept apart (`WebhookStore`), never listed. */
export const Webhook = Schema.Struct({
  id: WebhookId,
  orgId: OrgId,
  url: Schema.String,
  events: Schema.Array(EventTypeSchema),
  createdAt: Timestamp
})
export type Webhook = typeof Webhook.Type

/**
 * What became of one delivery attempt: `succeeded` (the receiver answered 2xx), `retrying` (it did not; the event
 * is tried again later), `failed` (the last attempt allowed did not succeed: the webhook moves on to the next event).
 */
export const DeliveryStatus = Schema.Literals(["succeeded", "retrying", "failed"])
export type DeliveryStatus = typeof DeliveryStatus.Type

/** One attempt to deliver one event to one webhook, as the deliveries log shows it. */
export const DeliveryAttempt = Schema.Struct({
  eventId: EventId,
  attempt: Schema.Int,
  status: DeliveryStatus,
  responseCode: Schema.NullOr(Schema.Int),
  error: Schema.NullOr(Schema.String),
  at: Timestamp
})
export type DeliveryAttempt = typeof DeliveryAttempt.Type
