import { type Cause, Duration, Effect, Fiber, Layer, Queue, Schedule, Scope, Stream } from "effect"
import type { SessionId } from "../domain/Ids.ts"
import { exclusive } from "../access/exclusive.ts"
import { InboundChange } from "../domain/InboundChange.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { applyInboundChange } from "./applyInboundChange.ts"

/** How long a stopping process may spend recording that its sessions are no longer connected. */
const STOP_BUDGET = Duration.seconds(5)

/**
 * Keeps every session's stored view in step with WhatsApp: consumes the port's change stream for the life of the
 * layer. Each session's changes are applied in the order they came, one at a time, by a fiber of that session's
 * own; sessions proceed side by side, so one busy session (or many, while a transport decrypts a flood of
 * messages) does not hold the others back behind its store round trips. A store outage holds a session's changes
 * (retrying with backoff) rather than dropping them.
 *
 * When the layer closes (the process stops), the changes already received are applied first. Then, the transport
 * still open but about to close every socket, each session it still holds is recorded `disconnected` here (with
 * its `session.status` event), as it will be a moment later. A transport that holds none (an observer, ADR 0027)
 * changes nothing. Both steps are bounded, so a store outage cannot hold the shutdown.
 */
export const InboundSync = Layer.effectDiscard(
  Effect.gen(function*() {
    const whatsapp = yield* WhatsAppPort
    const sessions = yield* SessionStore
    // The sessions' fibers live in a scope of their own, closed after the finalizer below has let them finish.
    const workers = yield* Scope.fork(yield* Effect.scope)
    const apply = (change: InboundChange) =>
      exclusive(change.sessionId)(applyInboundChange(change)).pipe(
        Effect.retry({
          while: (error) => error._tag === "StoreUnavailable",
          schedule: Schedule.min([Schedule.exponential("100 millis"), Schedule.spaced("10 seconds")])
        }),
        Effect.catch((error) => Effect.logError("inbound change could not be applied", { change: change._tag, error }))
      )
    // One queue and one applying fiber per session, made when its first change comes and kept for the layer's life.
    const queues = new Map<SessionId, { readonly queue: Queue.Queue<InboundChange, Cause.Done>; readonly fiber: Fiber.Fiber<void> }>()
    const queueOf = Effect.fnUntraced(function*(sessionId: SessionId) {
      const existing = queues.get(sessionId)
      if (existing !== undefined) return existing.queue
      const queue = yield* Queue.unbounded<InboundChange, Cause.Done>()
      const fiber = yield* Stream.fromQueue(queue).pipe(Stream.runForEach(apply), Effect.forkIn(workers))
      queues.set(sessionId, { queue, fiber })
      return queue
    })
    yield* whatsapp.changes.pipe(
      Stream.runForEach((change) => Effect.flatMap(queueOf(change.sessionId), (queue) => Queue.offer(queue, change))),
      Effect.forkScoped
    )
    const recordStopped = Effect.gen(function*() {
      const stored = yield* sessions.all
      for (const session of stored) {
        if (session.status === "disconnected" || session.status === "logged_out") continue
        const connection = yield* whatsapp.connection(session.id)
        if (connection.status === "disconnected" || connection.status === "logged_out") continue
        const change = InboundChange.SessionStatusChanged({
          sessionId: session.id,
          status: "disconnected",
          phoneJid: connection.phoneJid,
          lid: connection.lid
        })
        yield* exclusive(session.id)(applyInboundChange(change))
      }
    }).pipe(
      Effect.timeout(STOP_BUDGET),
      Effect.catch((error) => Effect.logWarning("the sessions' disconnected status could not be recorded at shutdown", { error }))
    )
    // What was received before the stop began is stored first (each session's queue ends, its fiber finishes it).
    const drain = Effect.gen(function*() {
      for (const { queue } of queues.values()) yield* Queue.end(queue)
      yield* Fiber.joinAll([...queues.values()].map(({ fiber }) => fiber))
    }).pipe(
      Effect.timeout(STOP_BUDGET),
      Effect.catch(() => Effect.logWarning("inbound changes still waiting at shutdown were not all stored"))
    )
    yield* Effect.addFinalizer(() => Effect.andThen(drain, recordStopped))
  })
)
