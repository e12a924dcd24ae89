import { Context, Deferred, Effect, Layer, PubSub, type Scope } from "effect"
import type { MessageId } from "../domain/Ids.ts"
import type { SendResult } from "../domain/SendResult.ts"
import type { SessionOwner } from "../domain/Session.ts"

/**
 * In-process signals between the use-cases that accept messages and the drains that send them (ADR 0032): "this
 * session has a new message" (so its drain starts at once, with no polling delay), and "this message reached its
 * outcome" (so a synchronous send waiting for it answers at once). Both are hints: the rows are always read from
 * the store, and a lost signal costs the sweep's or the poll's delay, never a message.
 */
export class OutboxSignals extends Context.Service<OutboxSignals, {
  /** Says that a message of the session was committed to its queue. */
  readonly queued: (owner: SessionOwner) => Effect.Effect<void>
  /** The sessions named by `queued`, from the subscription on. */
  readonly subscribe: Effect.Effect<PubSub.Subscription<SessionOwner>, never, Scope.Scope>
  /** Says that a message left the queue (sent or failed): whoever waits for it gets its result. */
  readonly settled: (result: SendResult) => Effect.Effect<void>
  /** A wait for the message's outcome, registered until the scope closes: register before the message can settle. */
  readonly outcome: (id: MessageId) => Effect.Effect<Deferred.Deferred<SendResult>, never, Scope.Scope>
}>()("@wagate/core/OutboxSignals") {
  static readonly layer: Layer.Layer<OutboxSignals> = Layer.effect(
    OutboxSignals,
    Effect.gen(function*() {
      const hub = yield* PubSub.unbounded<SessionOwner>()
      const waiting = new Map<MessageId, Set<Deferred.Deferred<SendResult>>>()

      const settled = (result: SendResult) =>
        Effect.forEach(waiting.get(result.id) ?? [], (deferred) => Deferred.succeed(deferred, result), { discard: true })

      const outcome = (id: MessageId) =>
        Effect.acquireRelease(
          Effect.map(Deferred.make<SendResult>(), (deferred) => {
            const set = waiting.get(id) ?? new Set()
            set.add(deferred)
            waiting.set(id, set)
            return deferred
          }),
          (deferred) =>
            Effect.sync(() => {
              const set = waiting.get(id)
              set?.delete(deferred)
              if (set?.size === 0) waiting.delete(id)
            })
        )

      return OutboxSignals.of({
        queued: (owner) => Effect.asVoid(PubSub.publish(hub, owner)),
        subscribe: PubSub.subscribe(hub),
        settled,
        outcome
      })
    })
  )
}
