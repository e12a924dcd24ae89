import { Clock, Duration, Effect, Option, Queue } from "effect"
import { backoffDelay } from "../domain/backoff.ts"
import { Timestamp } from "../domain/Ids.ts"
import type { SessionOwner } from "../domain/Session.ts"
import { now } from "../ports/Now.ts"
import { MessageStore, type StoredMessage } from "../ports/store/MessageStore.ts"
import { Outbox, type SendOutcomeStatus } from "../ports/store/Outbox.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { OutboxSignals } from "./OutboxSignals.ts"
import { resolveOutbound } from "./resolveOutbound.ts"
import { SendRateLimiter } from "./SendRateLimiter.ts"
import { SendSettings } from "./SendSettings.ts"
import { isTransient, toSendError } from "./toSendError.ts"
import { toSendResult } from "./toSendResult.ts"

const ms = (timestamp: Timestamp): number => Date.parse(timestamp)

const isoAt = (millis: number): Timestamp => Timestamp.make(new Date(millis).toISOString())

/**
 * Moves a queued message to `sent` or `failed`, with its `message.status` event, in one store operation, and tells
 * whoever waits for it. Conditional on it still being queued: a receipt that already moved it on wins, and the
 * result is the message as it is now.
 */
const settle = Effect.fn("outbox.settle")(function*(message: StoredMessage, outcome: SendOutcomeStatus) {
  const at = yield* now
  // The message as the update leaves it, told by its event (nothing is appended unless the update applies).
  const after: StoredMessage = { ...message, ...outcome, nextAttemptAt: null, updatedAt: at }
  const updated = yield* (yield* Outbox).settle(
    message.id,
    outcome,
    { orgId: message.orgId, payload: { type: "message.status", sessionId: message.sessionId, data: toSendResult(after) }, at }
  )
  const current = Option.isSome(updated) ? updated : yield* (yield* MessageStore).get(message.orgId, message.sessionId, message.id)
  if (Option.isSome(current)) yield* (yield* OutboxSignals).settled(toSendResult(current.value))
})

/**
 * One attempt of a message `claimHead` counted (durably, before the call: a crash after it shows the message may
 * have reached WhatsApp): sent under its WhatsApp id, then settled, or due again after a backoff.
 */
const attempt = Effect.fn("outbox.attempt")(function*(message: StoredMessage, waMessageId: NonNullable<StoredMessage["waMessageId"]>) {
  const settings = yield* SendSettings
  const outbound = yield* resolveOutbound({ orgId: message.orgId, sessionId: message.sessionId }, message.request, waMessageId)
  const sent = yield* Effect.result((yield* WhatsAppPort).send(message.sessionId, outbound))
  if (sent._tag === "Success") return yield* settle(message, { status: "sent" })
  const failure = sent.failure
  if (!isTransient(failure)) return yield* settle(message, { status: "failed", error: toSendError(failure) })
  // Transient: it stays queued under the same WhatsApp id, due again after the backoff. `updatedAt` says when the
  // status last changed: scheduling a retry keeps it.
  const delay = yield* backoffDelay(settings, message.attempts)
  const at = yield* Clock.currentTimeMillis
  yield* (yield* MessageStore).update(message.id, {
    status: "queued",
    nextAttemptAt: isoAt(at + Duration.toMillis(delay)),
    at: message.updatedAt,
    from: ["queued"]
  })
  yield* Effect.logInfo("send failed; retrying later").pipe(
    Effect.annotateLogs({ messageId: message.id, attempts: message.attempts, retryInMs: Duration.toMillis(delay), reason: failure.message })
  )
})

/**
 * One session's drain (ADR 0032): the oldest queued message first, one at a time, so messages go out in the order
 * they were accepted (a message waiting for its retry holds the later ones back). Before each: session logged out →
 * its messages `failed` `session_logged_out`; not connected → wait for it (a local read); over the rate → wait for a
 * token. Then the head is claimed (`Outbox.claimHead`, counting the attempt) when it is due and not expired, and
 * attempted; else expired after `maxAge` → `failed` `expired`; not yet due → wait. `wake` says a message was
 * queued; `retire` ends the drain when nothing came meanwhile (answering false when something did).
 */
export const drainSession = (owner: SessionOwner, wake: Queue.Dequeue<void>, retire: Effect.Effect<boolean>) =>
  Effect.gen(function*() {
    const settings = yield* SendSettings
    const messages = yield* MessageStore
    const outbox = yield* Outbox
    const whatsapp = yield* WhatsAppPort
    const limiter = yield* SendRateLimiter
    // Waits until woken or `millis` have passed.
    const pause = (millis: number) =>
      Effect.raceFirst(Effect.as(Queue.take(wake), true), Effect.as(Effect.sleep(Duration.millis(Math.max(1, millis))), false))
    // Nothing queued: wait for a wake-up, or end the drain after `idleTimeout` (true: ended).
    const idle = Effect.gen(function*() {
      if (yield* pause(Duration.toMillis(settings.idleTimeout))) return false
      return yield* retire
    })
    while (true) {
      const connection = yield* whatsapp.connection(owner.sessionId)
      if (connection.status !== "connected") {
        const head = yield* messages.nextQueued(owner.orgId, owner.sessionId)
        if (Option.isNone(head)) {
          if (yield* idle) return
        } else {
          const expiresIn = ms(head.value.createdAt) + Duration.toMillis(settings.maxAge) - (yield* Clock.currentTimeMillis)
          if (expiresIn <= 0) yield* settle(head.value, expired)
          else if (connection.status === "logged_out") yield* settle(head.value, loggedOut(owner))
          else yield* pause(Math.min(Duration.toMillis(settings.connectionPoll), expiresIn))
        }
        continue
      }
      // Looked at, not taken: the token is spent only on a message claimed for an attempt.
      const wait = yield* limiter.delayMillis(owner.sessionId)
      if (wait > 0) {
        yield* Effect.sleep(Duration.millis(wait))
        continue
      }
      const nowMillis = yield* Clock.currentTimeMillis
      const head = yield* outbox.claimHead(owner, { dueBy: isoAt(nowMillis), createdAfter: isoAt(nowMillis - Duration.toMillis(settings.maxAge)) })
      if (Option.isNone(head)) {
        if (yield* idle) return
        continue
      }
      const { claimed, message } = head.value
      const waMessageId = message.waMessageId
      if (claimed && waMessageId !== null) {
        // One drain spends this session's tokens, and one was there a moment ago: taking it cannot wait.
        yield* limiter.tryTake(owner.sessionId)
        // An attempt under way ends (sent and settled, or scheduled again) before a stopping drain stops: a
        // graceful hand-over never leaves a message that WhatsApp took to be sent again by the next owner.
        yield* Effect.uninterruptible(attempt(message, waMessageId))
        continue
      }
      if (waMessageId === null) {
        // Only messages stored before ids were chosen up front lack one; a new id could make a second message.
        yield* settle(message, { status: "failed", error: { code: "whatsapp_error", message: "the message has no WhatsApp id to send it under" } })
        continue
      }
      const expiresIn = ms(message.createdAt) + Duration.toMillis(settings.maxAge) - nowMillis
      if (expiresIn <= 0) {
        yield* settle(message, expired)
        continue
      }
      // Not yet due (a retry's backoff): wait for it, or for a wake-up.
      const dueIn = message.nextAttemptAt === null ? 0 : ms(message.nextAttemptAt) - nowMillis
      yield* pause(Math.min(dueIn, expiresIn))
    }
  })

const loggedOut = (owner: SessionOwner): SendOutcomeStatus => ({
  status: "failed",
  error: { code: "session_logged_out", message: `session ${owner.sessionId} is logged out` }
})

const expired: SendOutcomeStatus = { status: "failed", error: { code: "expired", message: "not sent within WAGATE_SEND_MAX_AGE_SECONDS" } }
