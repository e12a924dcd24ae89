import { Context, Duration } from "effect"

/** How accepted messages are waited for, retried and given up on; the gateway sets them from its configuration. */
export interface SendSettingsShape {
  /** `WAGATE_SEND_TIMEOUT_SECONDS`: how long a synchronous send waits for its outcome before answering 202. */
  readonly timeout: Duration.Duration
  /** `WAGATE_SEND_MAX_AGE_SECONDS`: a message still queued this long after it was accepted fails as `expired`. */
  readonly maxAge: Duration.Duration
  /** The delay after a first transient failure; each later one doubles it (plus jitter) up to `maxRetryDelay`. */
  readonly firstRetryDelay: Duration.Duration
  readonly maxRetryDelay: Duration.Duration
  /** How often a drain looks again at a session that is not connected (a local read, no network). */
  readonly connectionPoll: Duration.Duration
  /** How often the drains look for sessions with due messages that no wake-up reached (another process, a restart). */
  readonly sweepInterval: Duration.Duration
  /** How long a drain with nothing to send waits for more before it ends (the next message starts it again). */
  readonly idleTimeout: Duration.Duration
}

/** The contract's defaults: 30 s for a synchronous send, a day before a queued message expires. */
export const SendSettings = Context.Reference<SendSettingsShape>("@wagate/core/SendSettings", {
  defaultValue: () => ({
    timeout: Duration.seconds(30),
    maxAge: Duration.days(1),
    firstRetryDelay: Duration.seconds(1),
    maxRetryDelay: Duration.minutes(5),
    connectionPoll: Duration.seconds(1),
    sweepInterval: Duration.seconds(5),
    idleTimeout: Duration.seconds(30)
  })
})
