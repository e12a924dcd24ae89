import { StoreTransaction } from "@wagate/core"
import { Effect, Layer } from "effect"
import { MemoryState } from "./MemoryState.ts"

/** `StoreTransaction` over the memory tables: no other store call runs between the body's (see `MemoryState`). */
export const StoreTransactionMemory = Layer.effect(
  StoreTransaction,
  Effect.map(Effect.service(MemoryState), (state) => StoreTransaction.of({ atomically: state.transaction }))
)
