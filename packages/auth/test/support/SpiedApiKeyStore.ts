import { type ApiKeyId, ApiKeyStore, StoreUnavailable, type Timestamp } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { Context, Effect, Layer, Ref } from "effect"

/** How the spied store's `touch` behaves: as the memory store, failing, dying, or never returning. */
export type TouchMode = "ok" | "fail" | "die" | "hang"

/** What the tests see of the spied store: lookups and touches counted, and `touch` and `findByHash` breakable. */
export class StoreSpy extends Context.Service<StoreSpy, {
  readonly lookups: Ref.Ref<number>
  readonly touches: Ref.Ref<ReadonlyArray<{ readonly id: ApiKeyId; readonly at: Timestamp }>>
  readonly touchMode: Ref.Ref<TouchMode>
  readonly lookupDown: Ref.Ref<boolean>
}>()("@wagate/auth/test/StoreSpy") {}

const unavailable = new StoreUnavailable({ message: "the store is unreachable", retryAfterSeconds: 2 })

/** The memory store's `ApiKeyStore`, spied on; `StoreSpy` alongside. */
export const SpiedApiKeyStore: Layer.Layer<ApiKeyStore | StoreSpy> = Layer.effectContext(
  Effect.gen(function*() {
    const inner = yield* ApiKeyStore
    const spy = StoreSpy.of({
      lookups: yield* Ref.make(0),
      touches: yield* Ref.make<ReadonlyArray<{ readonly id: ApiKeyId; readonly at: Timestamp }>>([]),
      touchMode: yield* Ref.make<TouchMode>("ok"),
      lookupDown: yield* Ref.make(false)
    })
    const store = ApiKeyStore.of({
      ...inner,
      findByHash: Effect.fn("SpiedApiKeyStore.findByHash")(function*(hash: string) {
        yield* Ref.update(spy.lookups, (n) => n + 1)
        if (yield* Ref.get(spy.lookupDown)) return yield* unavailable
        return yield* inner.findByHash(hash)
      }),
      touch: Effect.fn("SpiedApiKeyStore.touch")(function*(id: ApiKeyId, at: Timestamp) {
        yield* Ref.update(spy.touches, (all) => [...all, { id, at }])
        switch (yield* Ref.get(spy.touchMode)) {
          case "ok":
            return yield* inner.touch(id, at)
          case "fail":
            return yield* unavailable
          case "die":
            return yield* Effect.die(new Error("touch exploded"))
          case "hang":
            return yield* Effect.never
        }
      })
    })
    return Context.make(ApiKeyStore, store).pipe(Context.add(StoreSpy, spy))
  })
).pipe(Layer.provide(MemoryStore.layer))
