import { StoreTransaction } from "@wagate/core"
import { Effect, Layer } from "effect"
import { MemoryState } from "./MemoryState.ts"

/**
 * `StoreTransaction` over the memory tables: no other store call runs between the body's (see `MemoryState`), and a
 * nested call joins the outer one. It does not roll back: a body that fails keeps the writes it made before failing
 * (the use-cases put only store writes and their event in a body, and memory writes do not fail).
 */
export const StoreTransactionMemory = Layer.effect(
  StoreTransaction,
  Effect.map(Effect.service(MemoryState), (state) => StoreTransaction.of({ atomically: state.transaction }))
)
