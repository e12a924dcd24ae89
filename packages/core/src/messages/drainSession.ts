import { Clock, Duration, Effect, Option, Queue } from "effect"
import { backoffDelay } from "../domain/backoff.ts"
import { Timestamp } from "../domain/Ids.ts"
import type { SendError } from "../domain/SendError.ts"
import type { SessionOwner } from "../domain/Session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { MessageStore, type StoredMessage } from "../ports/store/MessageStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { OutboxSignals } from "./OutboxSignals.ts"
import { SendRateLimiter } from "./SendRateLimiter.ts"
import { SendSettings } from "./SendSettings.ts"
import { isTransient, toSendError } from "./toSendError.ts"
import { toSendResult } from "./toSendResult.ts"

const ms = (timestamp: Timestamp): number => Date.parse(timestamp)

const isoAt = (millis: number): Timestamp => Timestamp.make(new Date(millis).toISOString())

/**
 * Moves a queued message to `sent` or `failed`, with its `message.status` event, in one transaction, and tells
 * whoever waits for it. Conditional on it still being queued: a receipt that already moved it on wins, and the
 * result is the message as it is now.
 */
const settle = Effect.fn("outbox.settle")(function*(
  message: StoredMessage,
  change: { readonly status: "sent" } | { readonly status: "failed"; readonly error: SendError }
) {
  const messages = yield* MessageStore
  const at = yield* now
  const updated = yield* atomically(Effect.gen(function*() {
    const moved = yield* messages.update(message.id, { ...change, nextAttemptAt: null, at, from: ["queued"] })
    if (Option.isSome(moved)) {
      yield* recordEvent(message.orgId, { type: "message.status", sessionId: message.sessionId, data: toSendResult(moved.value) })
    }
    return moved
  }))
  const current = Option.isSome(updated) ? updated : yield* messages.get(message.orgId, message.sessionId, message.id)
  if (Option.isSome(current)) yield* (yield* OutboxSignals).settled(toSendResult(current.value))
})

/** One attempt: counted durably first (a crash after the call shows it may have reached WhatsApp), then sent. */
const attempt = Effect.fn("outbox.attempt")(function*(message: StoredMessage, waMessageId: NonNullable<StoredMessage["waMessageId"]>) {
  const messages = yield* MessageStore
  const settings = yield* SendSettings
  const attempts = message.attempts + 1
  // `updatedAt` says when the status last changed: counting an attempt (or scheduling a retry) keeps it.
  const counted = yield* messages.update(message.id, { status: "queued", attempts, at: message.updatedAt, from: ["queued"] })
  // A receipt moved it on meanwhile (it reached WhatsApp in an earlier life): nothing to send.
  if (Option.isNone(counted)) return
  const sent = yield* Effect.result((yield* WhatsAppPort).send(message.sessionId, { ...message.request, waMessageId }))
  if (sent._tag === "Success") return yield* settle(counted.value, { status: "sent" })
  const failure = sent.failure
  if (!isTransient(failure)) return yield* settle(counted.value, { status: "failed", error: toSendError(failure) })
  // Transient: it stays queued under the same WhatsApp id, due again after the backoff.
  const delay = yield* backoffDelay(settings, attempts)
  const at = yield* Clock.currentTimeMillis
  yield* messages.update(message.id, { status: "queued", nextAttemptAt: isoAt(at + Duration.toMillis(delay)), at: message.updatedAt, from: ["queued"] })
  yield* Effect.logInfo("send failed; retrying later").pipe(
    Effect.annotateLogs({ messageId: message.id, attempts, retryInMs: Duration.toMillis(delay), reason: failure.message })
  )
})

/**
 * One session's drain (ADR 0032): the oldest queued message first, one at a time, so messages go out in the order
 * they were accepted (a message waiting for its retry holds the later ones back). For each: expired after
 * `maxAge` → `failed` `expired`; not yet due → wait; session logged out → `failed` `session_logged_out`; not
 * connected → wait for it (a local read); over the rate → wait for a token; else attempt it. `wake` says a message
 * was queued; `retire` ends the drain when nothing came meanwhile (answering false when something did).
 */
export const drainSession = (owner: SessionOwner, wake: Queue.Dequeue<void>, retire: Effect.Effect<boolean>) =>
  Effect.gen(function*() {
    const settings = yield* SendSettings
    const messages = yield* MessageStore
    const whatsapp = yield* WhatsAppPort
    const limiter = yield* SendRateLimiter
    // Waits until woken or `millis` have passed.
    const pause = (millis: number) =>
      Effect.raceFirst(Effect.as(Queue.take(wake), true), Effect.as(Effect.sleep(Duration.millis(Math.max(1, millis))), false))
    while (true) {
      const head = yield* messages.nextQueued(owner.orgId, owner.sessionId)
      if (Option.isNone(head)) {
        if (yield* pause(Duration.toMillis(settings.idleTimeout))) continue
        if (yield* retire) return
        continue
      }
      const message = head.value
      const nowMillis = yield* Clock.currentTimeMillis
      const expiresIn = ms(message.createdAt) + Duration.toMillis(settings.maxAge) - nowMillis
      if (expiresIn <= 0) {
        yield* settle(message, { status: "failed", error: { code: "expired", message: "not sent within WAGATE_SEND_MAX_AGE_SECONDS" } })
        continue
      }
      const dueIn = message.nextAttemptAt === null ? 0 : ms(message.nextAttemptAt) - nowMillis
      if (dueIn > 0) {
        yield* pause(Math.min(dueIn, expiresIn))
        continue
      }
      const waMessageId = message.waMessageId
      if (waMessageId === null) {
        // Only messages stored before ids were chosen up front lack one; a new id could make a second message.
        yield* settle(message, { status: "failed", error: { code: "whatsapp_error", message: "the message has no WhatsApp id to send it under" } })
        continue
      }
      const connection = yield* whatsapp.connection(owner.sessionId)
      if (connection.status === "logged_out") {
        yield* settle(message, { status: "failed", error: { code: "session_logged_out", message: `session ${owner.sessionId} is logged out` } })
        continue
      }
      if (connection.status !== "connected") {
        yield* pause(Math.min(Duration.toMillis(settings.connectionPoll), expiresIn))
        continue
      }
      const wait = yield* limiter.tryTake(owner.sessionId)
      if (wait > 0) {
        yield* Effect.sleep(Duration.millis(wait))
        continue
      }
      yield* attempt(message, waMessageId)
    }
  })
