import { Context, type Effect, type Option, type Redacted } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { EventId } from "../../domain/Event.ts"
import type { OrgId, Timestamp } from "../../domain/Ids.ts"
import type { PageQuery, PageResult } from "../../domain/Page.ts"
import type { DeliveryAttempt, Webhook, WebhookId } from "../../domain/Webhook.ts"

/**
 * Where a webhook's deliveries stand: `cursor` is the last event it is done with (delivered, or failed for good),
 * `attempt` the number of attempts made on the event after it, `nextAttemptAt` when the next one is due (`null`:
 * at once).
 */
export interface DeliveryState {
  readonly cursor: EventId | null
  readonly attempt: number
  readonly nextAttemptAt: Timestamp | null
}

/** A webhook with what the dispatcher needs to deliver to it: its secret and where its deliveries stand. */
export interface WebhookTarget {
  readonly webhook: Webhook
  readonly secret: Redacted.Redacted<string>
  readonly state: DeliveryState
}

/** Registered webhooks, their secrets, their delivery state and the log of their delivery attempts. */
export class WebhookStore extends Context.Service<WebhookStore, {
  /** Stores a new webhook whose deliveries start after `state.cursor`. */
  readonly create: (webhook: Webhook, secret: Redacted.Redacted<string>, state: DeliveryState) => Effect.Effect<void, StoreUnavailable>
  /** The organisation's webhooks by id (keyset pages), without secrets. */
  readonly list: (orgId: OrgId, page: PageQuery) => Effect.Effect<PageResult<Webhook>, StoreUnavailable>
  /** The organisation's webhook; `None` when it has none by that id (another organisation's included). */
  readonly get: (orgId: OrgId, id: WebhookId) => Effect.Effect<Option.Option<Webhook>, StoreUnavailable>
  /** Deletes the organisation's webhook with its delivery log; `false` when it had none by that id. */
  readonly delete: (orgId: OrgId, id: WebhookId) => Effect.Effect<boolean, StoreUnavailable>
  /** Every webhook of every organisation, with its secret and delivery state: what the dispatcher serves. */
  readonly targets: Effect.Effect<ReadonlyArray<WebhookTarget>, StoreUnavailable>
  /**
   * Logs an attempt and moves the webhook's delivery state to `next`, both at once (one transaction), so a
   * restart resumes exactly where the log says. A webhook deleted meanwhile is left alone.
   */
  readonly recordAttempt: (id: WebhookId, attempt: DeliveryAttempt, next: DeliveryState) => Effect.Effect<void, StoreUnavailable>
  /** The webhook's delivery attempts, oldest first (by event id, then attempt), in keyset pages. */
  readonly deliveries: (id: WebhookId, page: PageQuery) => Effect.Effect<PageResult<DeliveryAttempt>, StoreUnavailable>
  /** Deletes the log entries of attempts made before `before`; answers how many. */
  readonly pruneDeliveries: (before: Timestamp) => Effect.Effect<number, StoreUnavailable>
}>()("@wagate/core/WebhookStore") {}

/** The keyset key of a delivery attempt: event ids have a fixed width, attempts are padded to sort as numbers. */
export const deliveryKey = (attempt: Pick<DeliveryAttempt, "eventId" | "attempt">): string =>
  `${attempt.eventId}/${String(attempt.attempt).padStart(4, "0")}`
