import { Cause, Effect, Layer, Option, PubSub, Queue, Semaphore } from "effect"
import type { SessionOwner } from "../domain/Session.ts"
import { now } from "../ports/Now.ts"
import { MessageStore } from "../ports/store/MessageStore.ts"
import { inOwnerProcess } from "../ports/TransportOwnership.ts"
import { drainSession } from "./drainSession.ts"
import { OutboxSignals } from "./OutboxSignals.ts"
import { SendSettings } from "./SendSettings.ts"

/** One key per (organisation, session) pair. */
const keyOf = (owner: SessionOwner): string => JSON.stringify([owner.orgId, owner.sessionId])

/**
 * Keeps one drain fiber per session with queued messages (ADR 0032): started by `OutboxSignals.queued` (at once,
 * in this process) or by the sweep (every `sweepInterval`: messages queued through another process, left by a
 * crash, or due again after a retry's backoff). Starting a drain and a drain ending are decided under one lock,
 * so a message queued just as its session's drain goes idle either wakes it or starts a new one.
 */
const supervise = (queued: PubSub.Subscription<SessionOwner>) =>
  Effect.gen(function*() {
    const settings = yield* SendSettings
    const messages = yield* MessageStore
    const scope = yield* Effect.scope
    const lock = yield* Semaphore.make(1)
    const drains = new Map<string, Queue.Queue<void>>()

    const retire = (key: string, wake: Queue.Queue<void>) =>
      lock.withPermit(Effect.gen(function*() {
        if (Option.isSome(yield* Queue.poll(wake))) return false
        if (drains.get(key) === wake) drains.delete(key)
        return true
      }))

    const ensure = (owner: SessionOwner) =>
      lock.withPermit(Effect.gen(function*() {
        const key = keyOf(owner)
        const running = drains.get(key)
        if (running !== undefined) return yield* Effect.asVoid(Queue.offer(running, undefined))
        const wake = yield* Queue.sliding<void>(1)
        drains.set(key, wake)
        yield* Effect.forkIn(
          drainSession(owner, wake, retire(key, wake)).pipe(
            // A store outage ends the drain; the next sweep starts it again from what the store holds.
            Effect.tapCause((cause) => Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.logWarning("sending paused", cause)),
            Effect.ensuring(Effect.sync(() => {
              if (drains.get(key) === wake) drains.delete(key)
            })),
            Effect.ignore,
            Effect.annotateLogs({ sessionId: owner.sessionId }),
            Effect.withSpan("outbox.drain")
          ),
          scope
        )
      }))

    yield* Effect.forkScoped(Effect.forever(Effect.flatMap(PubSub.take(queued), ensure)))
    while (true) {
      const due = yield* Effect.flatMap(now, messages.queuedSessions).pipe(
        Effect.tapError((error) => Effect.logWarning("queued messages could not be read; trying again", error)),
        Effect.option
      )
      if (Option.isSome(due)) yield* Effect.forEach(due.value, ensure, { discard: true })
      yield* Effect.sleep(settings.sweepInterval)
    }
  })

/**
 * The drains of every session's outbox, forked for the life of the layer. Only the process that owns the
 * transport (`TransportOwnership`, ADR 0027) drains: it holds the sockets, and one drain per session is what
 * keeps the per-session order and rate exact. An observer logs that and does nothing (its accepted messages are
 * drained by the owner, found by its sweep).
 */
export const SendDrains = {
  layer: Layer.effectDiscard(inOwnerProcess(
    "messages are sent",
    Effect.gen(function*() {
      // Subscribed before anything can be accepted through this layer's hexagon, so no signal is missed.
      const queued = yield* (yield* OutboxSignals).subscribe
      yield* Effect.forkScoped(Effect.scoped(supervise(queued)))
    })
  ))
} as const
