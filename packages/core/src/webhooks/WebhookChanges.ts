import { Context, Effect, Layer, type PubSub, type Scope } from "effect"
import { wakeupHub } from "../ports/EventWakeups.ts"

/**
 * Tells this process's webhook dispatcher that webhooks were registered or deleted, so it serves a new one at
 * once rather than at its next periodic rescan (which also catches changes made through another process).
 */
export class WebhookChanges extends Context.Service<WebhookChanges, {
  readonly notify: Effect.Effect<void>
  /** A subscription that yields once per change (changes close together may be merged into one). */
  readonly subscribe: Effect.Effect<PubSub.Subscription<void>, never, Scope.Scope>
}>()("@wagate/core/WebhookChanges") {
  static readonly layer: Layer.Layer<WebhookChanges> = Layer.effect(WebhookChanges, Effect.map(wakeupHub, (hub) => WebhookChanges.of(hub)))
}
