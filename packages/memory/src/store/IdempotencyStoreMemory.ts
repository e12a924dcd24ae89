import { type IdempotencyRecord, IdempotencyStore, type NewIdempotencyKey, type OrgId } from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { MemoryState, orgKey } from "./MemoryState.ts"

/** `IdempotencyStore` over the shared memory tables; a claim is one atomic step. */
export const IdempotencyStoreMemory = Layer.effect(
  IdempotencyStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const find = Effect.fn("IdempotencyStoreMemory.find")(function*(orgId: OrgId, key: string) {
      return yield* state.atomically((t) => Option.map(Option.fromUndefinedOr(t.idempotency.get(orgKey(orgId, key))), (row) => row.record))
    })

    const claim = Effect.fn("IdempotencyStoreMemory.claim")(function*(orgId: OrgId, key: string, claim: NewIdempotencyKey) {
      return yield* state.atomically((t) => {
        const id = orgKey(orgId, key)
        const current = t.idempotency.get(id)
        if (current !== undefined) return Option.some(current.record)
        const record: IdempotencyRecord = { _tag: "Message", fingerprint: claim.fingerprint, messageId: claim.messageId, async: claim.async }
        t.idempotency.set(id, { record, at: claim.at })
        return Option.none<IdempotencyRecord>()
      })
    })

    return IdempotencyStore.of({ find, claim })
  })
)
