import { InboundChange, type SessionId, WhatsAppPort } from "@wagate/core"
import { Context, Effect, Layer, Queue, Stream, SynchronizedRef } from "effect"

type Tag = InboundChange["_tag"]
type Tagged<T extends Tag> = Extract<InboundChange, { readonly _tag: T }>

/**
 * Sorts `WhatsAppPort.changes` into one queue per session, so each test reads the changes of its own sessions
 * however many tests share the port. It is the port's one consumer (the port's changes are read once).
 */
export class ChangeInbox extends Context.Service<ChangeInbox, {
  /** The session's next change with this tag (and matching `where`); the session's earlier changes are skipped. */
  readonly next: <T extends Tag>(
    sessionId: SessionId,
    tag: T,
    where?: (change: Tagged<T>) => boolean
  ) => Effect.Effect<Tagged<T>>
  /** The session's next `count` changes, in order. */
  readonly take: (sessionId: SessionId, count: number) => Effect.Effect<ReadonlyArray<InboundChange>>
}>()("@wagate/testing/ChangeInbox") {
  static readonly layer: Layer.Layer<ChangeInbox, never, WhatsAppPort> = Layer.effect(
    ChangeInbox,
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const queues = yield* SynchronizedRef.make(new Map<SessionId, Queue.Queue<InboundChange>>())

      const queueOf = Effect.fn("ChangeInbox.queueOf")(function*(sessionId: SessionId) {
        return yield* SynchronizedRef.modifyEffect(queues, (map) => {
          const existing = map.get(sessionId)
          if (existing !== undefined) return Effect.succeed([existing, map] as const)
          return Effect.map(Queue.unbounded<InboundChange>(), (queue) => [queue, new Map(map).set(sessionId, queue)] as const)
        })
      })

      yield* Stream.runForEach(port.changes, (change) =>
        Effect.flatMap(queueOf(change.sessionId), (queue) => Queue.offer(queue, change))).pipe(Effect.forkScoped)

      // Generic, so a plain function: Effect.fn would widen the tag to every change.
      const next = <T extends Tag>(sessionId: SessionId, tag: T, where?: (change: Tagged<T>) => boolean) =>
        Effect.flatMap(queueOf(sessionId), (queue) => {
          const is = InboundChange.$is(tag)
          const loop: Effect.Effect<Tagged<T>> = Effect.flatMap(
            Queue.take(queue),
            (change) => (is(change) && (where === undefined || where(change)) ? Effect.succeed(change) : loop)
          )
          return loop
        })

      const take = Effect.fn("ChangeInbox.take")(function*(sessionId: SessionId, count: number) {
        const queue = yield* queueOf(sessionId)
        const out: Array<InboundChange> = []
        while (out.length < count) out.push(yield* Queue.take(queue))
        return out
      })

      return ChangeInbox.of({ next, take })
    })
  )
}
