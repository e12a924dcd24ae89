import { type ApiKey, type ApiKeyId, ApiKeyStore, type OrgId, type PageQuery, type Timestamp } from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { MemoryState } from "./MemoryState.ts"
import { keysetPage, sortByKey } from "./paging.ts"

const byId = (key: ApiKey): string => key.id

/** `ApiKeyStore` over the shared memory tables. */
export const ApiKeyStoreMemory = Layer.effect(
  ApiKeyStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const insert = Effect.fn("ApiKeyStoreMemory.insert")(function*(key: ApiKey, hash: string) {
      const inserted = yield* state.atomically((t) => {
        if (t.apiKeys.has(key.id)) return false
        t.apiKeys.set(key.id, { key, hash })
        return true
      })
      // Ids come from the IdGenerator: a clash is a bug, as a primary-key violation would be in SQL.
      if (!inserted) return yield* Effect.die(new Error(`api key id ${key.id} is already stored`))
    })

    const findByHash = Effect.fn("ApiKeyStoreMemory.findByHash")(function*(hash: string) {
      return yield* state.atomically((t) => {
        for (const record of t.apiKeys.values()) {
          if (record.hash === hash) return Option.some(record.key)
        }
        return Option.none<ApiKey>()
      })
    })

    const findById = Effect.fn("ApiKeyStoreMemory.findById")(function*(id: ApiKeyId) {
      return yield* state.atomically((t) => Option.map(Option.fromUndefinedOr(t.apiKeys.get(id)), (record) => record.key))
    })

    const list = Effect.fn("ApiKeyStoreMemory.list")(function*(orgId: OrgId, page: PageQuery) {
      return yield* state.atomically((t) => {
        const keys = Array.from(t.apiKeys.values(), (record) => record.key).filter((key) => key.orgId === orgId)
        return keysetPage(sortByKey(keys, byId), byId, page)
      })
    })

    const revoke = Effect.fn("ApiKeyStoreMemory.revoke")(function*(orgId: OrgId, id: ApiKeyId, at: Timestamp) {
      return yield* state.atomically((t) => {
        const record = t.apiKeys.get(id)
        if (record === undefined || record.key.orgId !== orgId) return Option.none<ApiKey>()
        // Revoking twice keeps the first time: that is when the key stopped working.
        const key: ApiKey = { ...record.key, revokedAt: record.key.revokedAt ?? at }
        t.apiKeys.set(id, { ...record, key })
        return Option.some(key)
      })
    })

    const touch = Effect.fn("ApiKeyStoreMemory.touch")(function*(id: ApiKeyId, at: Timestamp) {
      yield* state.atomically((t) => {
        const record = t.apiKeys.get(id)
        if (record !== undefined) t.apiKeys.set(id, { ...record, key: { ...record.key, lastUsedAt: at } })
      })
    })

    return ApiKeyStore.of({ insert, findByHash, findById, list, revoke, touch })
  })
)
