import { StoreHealth } from "@wagate/core"
import { Effect, Layer } from "effect"

/** The memory store is always there. */
export const StoreHealthMemory = Layer.succeed(StoreHealth, StoreHealth.of({ ping: Effect.void }))
