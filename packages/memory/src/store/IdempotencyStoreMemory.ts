import { type IdempotentOutcome, IdempotencyStore, type OrgId, type Reservation, type Timestamp } from "@wagate/core"
import { Effect, Layer } from "effect"
import { MemoryState, orgKey } from "./MemoryState.ts"

/** `IdempotencyStore` over the shared memory tables; a reservation is one atomic step. */
export const IdempotencyStoreMemory = Layer.effect(
  IdempotencyStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const reserve = Effect.fn("IdempotencyStoreMemory.reserve")(function*(
      orgId: OrgId,
      key: string,
      fingerprint: string,
      at: Timestamp
    ) {
      return yield* state.atomically((t): Reservation => {
        const id = orgKey(orgId, key)
        const current = t.idempotency.get(id)
        if (current === undefined) {
          t.idempotency.set(id, { fingerprint, reservedAt: at, outcome: null })
          return { _tag: "Reserved" }
        }
        return current.outcome === null
          ? { _tag: "InProgress", fingerprint: current.fingerprint }
          : { _tag: "Completed", fingerprint: current.fingerprint, outcome: current.outcome }
      })
    })

    const complete = Effect.fn("IdempotencyStoreMemory.complete")(function*(
      orgId: OrgId,
      key: string,
      outcome: IdempotentOutcome
    ) {
      yield* state.atomically((t) => {
        const id = orgKey(orgId, key)
        const current = t.idempotency.get(id)
        // Completing a key nobody reserved (or one released since) records nothing, like an UPDATE of no row.
        if (current !== undefined) t.idempotency.set(id, { ...current, outcome })
      })
    })

    const release = Effect.fn("IdempotencyStoreMemory.release")(function*(orgId: OrgId, key: string) {
      yield* state.atomically((t) => {
        t.idempotency.delete(orgKey(orgId, key))
      })
    })

    return IdempotencyStore.of({ reserve, complete, release })
  })
)
