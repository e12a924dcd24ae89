import { Effect } from "effect"
import { MissingCapability } from "../domain/errors.ts"
import { type Capability, hasCapability, type Principal } from "../domain/Principal.ts"

/** Fails unless the caller holds the capability. */
export const requireCapability = (principal: Principal, capability: Capability): Effect.Effect<void, MissingCapability> =>
  hasCapability(principal, capability) ? Effect.void : Effect.fail(new MissingCapability({ capability }))
