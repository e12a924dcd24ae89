import { Cause, Clock, Duration, Effect, FiberMap, Layer, PubSub } from "effect"
import { backoffDelay } from "../domain/backoff.ts"
import { type StoredEvent, toWireEvent } from "../domain/Event.ts"
import { Timestamp } from "../domain/Ids.ts"
import type { DeliveryAttempt, DeliveryStatus, WebhookId } from "../domain/Webhook.ts"
import { EventWakeups } from "../ports/EventWakeups.ts"
import { EventStore } from "../ports/store/EventStore.ts"
import { type DeliveryState, WebhookStore, type WebhookTarget } from "../ports/store/WebhookStore.ts"
import { inOwnerProcess } from "../ports/TransportOwnership.ts"
import { WebhookTransport } from "../ports/WebhookTransport.ts"
import { SIGNATURE_HEADER, signWebhook } from "./signature.ts"
import { urlRefusal } from "./webhookUrl.ts"
import { WebhookChanges } from "./WebhookChanges.ts"
import { WebhookSettings, type WebhookSettingsShape } from "./WebhookSettings.ts"

/*
 * Webhook delivery (ADR 0031). One fiber per webhook, so a slow or failing receiver only ever delays its own
 * deliveries. Each fiber walks its organisation's events of the webhook's types in id order, after its cursor:
 * an event is attempted until the receiver answers 2xx or the attempts run out, then the cursor moves past it, so
 * a webhook receives its events in order. Every attempt is logged together with the new delivery state in one
 * store call, so a restart resumes where the log says: at the same event, with the same attempt count and the
 * same next-attempt time.
 *
 * At least once: the one crash window is between the receiver answering 2xx and `recordAttempt` committing. A
 * process that dies there (or whose store is unreachable at that moment) delivers that event again after its
 * restart; nothing else is ever delivered twice.
 */

const ms = (timestamp: Timestamp): number => Date.parse(timestamp)

const isoAt = (millis: number): Timestamp => Timestamp.make(new Date(millis).toISOString())

/** The delay after failed attempt `attempt` (1-based), with the webhook settings' backoff (`backoffDelay`). */
export const webhookRetryDelay = (settings: WebhookSettingsShape, attempt: number) => backoffDelay(settings, attempt)

/** What one attempt came to: the receiver's status code, or why there was none. */
interface Outcome {
  readonly responseCode: number | null
  readonly error: string | null
}

const isSuccess = (outcome: Outcome): boolean =>
  outcome.responseCode !== null && outcome.responseCode >= 200 && outcome.responseCode < 300

/** POSTs one event, signed, to the webhook; never fails (a failure is the attempt's outcome). */
const attemptDelivery = Effect.fn("webhooks.attempt")(function*(target: WebhookTarget, event: StoredEvent) {
  // Checked again at each delivery: the name may resolve elsewhere since registration. (The transport resolves
  // it once more, so a name that flips between the two lookups can still slip through; the check narrows it.)
  const refused = yield* urlRefusal(new URL(target.webhook.url))
  if (refused !== undefined) {
    const outcome: Outcome = { responseCode: null, error: `not delivered: the url ${refused}` }
    return outcome
  }
  const body = JSON.stringify(toWireEvent(event))
  const timestamp = Math.floor((yield* Clock.currentTimeMillis) / 1000)
  const headers = {
    "content-type": "application/json",
    "user-agent": "wagate-webhooks",
    "wagate-event-id": event.id,
    "wagate-event-type": event.type,
    [SIGNATURE_HEADER.toLowerCase()]: yield* signWebhook(target.secret, body, timestamp)
  }
  return yield* (yield* WebhookTransport).post({ url: target.webhook.url, headers, body }).pipe(
    Effect.match({
      onFailure: (failure): Outcome => ({ responseCode: null, error: failure.message }),
      onSuccess: (code): Outcome => ({ responseCode: code, error: code >= 200 && code < 300 ? null : `the receiver answered ${code}` })
    })
  )
})

/** Attempts one event until it succeeds or fails for good; answers the delivery state after it. */
const deliverEvent = Effect.fn("webhooks.deliverEvent")(function*(target: WebhookTarget, event: StoredEvent, from: DeliveryState) {
  const settings = yield* WebhookSettings
  const store = yield* WebhookStore
  let state = from
  while (true) {
    if (state.nextAttemptAt !== null) {
      const wait = ms(state.nextAttemptAt) - (yield* Clock.currentTimeMillis)
      if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
    }
    const attempt = state.attempt + 1
    const outcome = yield* attemptDelivery(target, event)
    const status: DeliveryStatus = isSuccess(outcome) ? "succeeded" : attempt >= settings.maxAttempts ? "failed" : "retrying"
    const nowMillis = yield* Clock.currentTimeMillis
    const next: DeliveryState = status === "retrying"
      ? { cursor: state.cursor, attempt, nextAttemptAt: isoAt(nowMillis + Duration.toMillis(yield* webhookRetryDelay(settings, attempt))) }
      : { cursor: event.id, attempt: 0, nextAttemptAt: null }
    const logged: DeliveryAttempt = { eventId: event.id, attempt, status, ...outcome, at: isoAt(nowMillis) }
    // The crash window of ADR 0031: a 2xx not yet recorded here is delivered again after a restart.
    yield* store.recordAttempt(target.webhook.id, logged, next)
    if (status === "failed") {
      yield* Effect.logWarning("webhook delivery failed for good").pipe(
        Effect.annotateLogs({ webhookId: target.webhook.id, eventId: event.id, attempts: attempt })
      )
    }
    state = next
    if (status !== "retrying") return state
  }
})

/** The re-reads after a wake-up or a delivery finds nothing (more): soon, then less and less often. */
const settleDelays: ReadonlyArray<Duration.Duration> = [Duration.millis(50), Duration.millis(250), Duration.seconds(1), Duration.seconds(5)]

/** One webhook's deliveries, for as long as the fiber runs: read the events after the cursor, deliver, wait. */
const serveWebhook = (target: WebhookTarget) =>
  Effect.gen(function*() {
    const settings = yield* WebhookSettings
    const events = yield* EventStore
    const wakeups = yield* (yield* EventWakeups).subscribe
    let state = target.state
    // Empty reads since the last wake-up or delivery: the first few are followed by quick re-reads (see below).
    let idle = 0
    while (true) {
      const batch = yield* events.history(target.webhook.orgId, {
        after: state.cursor,
        limit: settings.batchSize,
        types: target.webhook.events
      })
      if (batch.length === 0) {
        // A wake-up says events may have committed. A committed event may still be held back from readers while
        // an older transaction runs (the visible prefix, ADR 0029), and that transaction's end wakes nobody unless
        // it appended events too: so re-read a few times soon after, then fall back to the poll.
        const wait = settleDelays[idle] ?? settings.pollInterval
        idle += 1
        const woken = yield* Effect.raceFirst(Effect.as(PubSub.take(wakeups), true), Effect.as(Effect.sleep(wait), false))
        if (woken) idle = 0
        continue
      }
      idle = 0
      for (const event of batch) state = yield* deliverEvent(target, event, state)
    }
  }).pipe(
    Effect.scoped,
    // The store failed: the fiber ends, and the next rescan starts it again from the state the store holds.
    Effect.tapCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.logWarning("webhook deliveries paused", cause)
    ),
    Effect.annotateLogs({ webhookId: target.webhook.id }),
    Effect.withSpan("webhooks.serve")
  )

/** Keeps one fiber per registered webhook: starts new ones, stops deleted ones, restarts ones that stopped. */
const supervise = Effect.gen(function*() {
  const settings = yield* WebhookSettings
  const store = yield* WebhookStore
  const changes = yield* (yield* WebhookChanges).subscribe
  const fibers = yield* FiberMap.make<WebhookId>()
  while (true) {
    const targets = yield* store.targets.pipe(
      Effect.tapError((error) => Effect.logWarning("webhooks could not be read; trying again", error)),
      Effect.option
    )
    if (targets._tag === "Some") {
      const current = new Set(targets.value.map((target) => target.webhook.id))
      for (const [id] of Array.from(fibers)) {
        if (!current.has(id)) yield* FiberMap.remove(fibers, id)
      }
      for (const target of targets.value) {
        yield* FiberMap.run(fibers, target.webhook.id, serveWebhook(target).pipe(Effect.ignore), { onlyIfMissing: true })
      }
    }
    yield* Effect.raceFirst(PubSub.take(changes), Effect.sleep(settings.rescanInterval))
  }
})

/**
 * The webhook dispatcher, forked for the life of the layer. Only the process that owns the transport
 * (`TransportOwnership`, ADR 0027) dispatches: two processes on one database would otherwise deliver each event
 * twice. An observer logs that and does nothing.
 */
export const WebhookDispatcher = {
  layer: Layer.effectDiscard(inOwnerProcess("webhooks are delivered", Effect.forkScoped(supervise))),
  /**
   * The dispatcher itself, running until interrupted: for a host that decides on its own where it runs once (a
   * cluster singleton, ADR 0038).
   */
  run: supervise
} as const
