import { Context, Duration } from "effect"

/** How webhooks are checked and delivered; the gateway sets them from its configuration. */
export interface WebhookSettingsShape {
  /** `WAGATE_WEBHOOK_ALLOW_PRIVATE`: accept URLs in loopback, private, link-local and metadata ranges. */
  readonly allowPrivate: boolean
  /** `WAGATE_WEBHOOK_MAX_ATTEMPTS`: attempts per event and webhook before the delivery is marked failed. */
  readonly maxAttempts: number
  /** The delay before the first retry; each later one doubles it (plus jitter) up to `maxRetryDelay`. */
  readonly firstRetryDelay: Duration.Duration
  readonly maxRetryDelay: Duration.Duration
  /** How often each webhook reads the store without a wake-up (events committed where no wake-up reaches). */
  readonly pollInterval: Duration.Duration
  /** How often the dispatcher rereads the list of webhooks without being told of a change. */
  readonly rescanInterval: Duration.Duration
  /** Events read from the store at a time, per webhook. */
  readonly batchSize: number
}

/** The contract's defaults: 15 attempts, a first retry after about 1 s, at most 1 h between tries. */
export const WebhookSettings = Context.Reference<WebhookSettingsShape>("@wagate/core/WebhookSettings", {
  defaultValue: () => ({
    allowPrivate: false,
    maxAttempts: 15,
    firstRetryDelay: Duration.seconds(1),
    maxRetryDelay: Duration.hours(1),
    pollInterval: Duration.seconds(30),
    rescanInterval: Duration.minutes(1),
    batchSize: 100
  })
})
