import { Context, type Effect } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"

/** Whether the store answers right now, for readiness probes. */
export class StoreHealth extends Context.Service<StoreHealth, {
  readonly ping: Effect.Effect<void, StoreUnavailable>
}>()("@wagate/core/StoreHealth") {}
