import { Duration, Effect, Layer, Queue, Schedule, Stream } from "effect"
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
 * When the layer closes (the process stops), the transport is still open but about to close every socket, and
 * this stream's consumer is gone: so each session the transport still holds is recorded `disconnected` here (with
 * its `session.status` event), as it will be a moment later. A transport that holds none (an observer, ADR 0027)
 * changes nothing. Bounded, so a store outage cannot hold the shutdown.
 */
export const InboundSync = Layer.effectDiscard(
  Effect.gen(function*() {
    const whatsapp = yield* WhatsAppPort
    const sessions = yield* SessionStore
    const scope = yield* Effect.scope
    const apply = (change: InboundChange) =>
      exclusive(change.sessionId)(applyInboundChange(change)).pipe(
        Effect.retry({
          while: (error) => error._tag === "StoreUnavailable",
          schedule: Schedule.min([Schedule.exponential("100 millis"), Schedule.spaced("10 seconds")])
        }),
        Effect.catch((error) => Effect.logError("inbound change could not be applied", { change: change._tag, error }))
      )
    // One queue and one applying fiber per session, made when its first change comes and kept for the layer's life.
    const queues = new Map<SessionId, Queue.Queue<InboundChange>>()
    const queueOf = Effect.fnUntraced(function*(sessionId: SessionId) {
      const existing = queues.get(sessionId)
      if (existing !== undefined) return existing
      const queue = yield* Queue.unbounded<InboundChange>()
      queues.set(sessionId, queue)
      yield* Stream.fromQueue(queue).pipe(Stream.runForEach(apply), Effect.forkIn(scope))
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
    yield* Effect.addFinalizer(() => recordStopped)
  })
)
