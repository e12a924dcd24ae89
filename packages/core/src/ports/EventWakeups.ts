import { Context, Effect, Layer, PubSub, type Scope } from "effect"

/**
 * Wake-ups for readers of the event log: "events may have become visible, read the store". A wake-up carries no
 * event (the rows are always read from the store), so a missed or doubled one costs a read, never an event.
 */
export class EventWakeups extends Context.Service<EventWakeups, {
  /** Says that a commit of this process appended events (the store calls it after the commit). */
  readonly notify: Effect.Effect<void>
  /**
   * A subscription that receives a wake-up after each `notify` of this process (and, on a Postgres server, after
   * each commit of another process). Sliding, of size one: wake-ups that come while the reader is busy coalesce.
   * Wait on it with `PubSub.take`.
   */
  readonly subscribe: Effect.Effect<PubSub.Subscription<void>, never, Scope.Scope>
}>()("@wagate/core/EventWakeups") {
  /** Wake-ups within this process: the memory store, the embedded database, and the local half of Postgres's. */
  static readonly layerInProcess: Layer.Layer<EventWakeups> = Layer.effect(
    EventWakeups,
    Effect.gen(function*() {
      const hub = yield* PubSub.sliding<void>(1)
      return EventWakeups.of({
        notify: Effect.asVoid(PubSub.publish(hub, undefined)),
        subscribe: PubSub.subscribe(hub)
      })
    })
  )
}
