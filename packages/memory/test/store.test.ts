import { assert, it } from "@effect/vitest"
import { SessionStore } from "@wagate/core"
import { StoreFixtures, storeContract } from "@wagate/testing"
import { Effect } from "effect"
import { MemoryStore } from "../src/index.ts"

// Every suite once, over one store, as an application shares it (and as the Postgres store's projects run them).
// Memory transactions do not roll back (MemoryState.transaction): the contract checks that, as documented.
storeContract("MemoryStore", MemoryStore.layer, { rollsBack: false })

it.effect("two builds of the layer do not share state", () =>
  Effect.gen(function*() {
    const session = StoreFixtures.makeSession(StoreFixtures.freshOrgId(), StoreFixtures.freshSessionId())
    const insertAndCount = Effect.gen(function*() {
      const sessions = yield* SessionStore
      yield* sessions.insert(session)
      return (yield* sessions.all).length
    })
    assert.strictEqual(yield* Effect.provide(insertAndCount, MemoryStore.layer), 1)
    assert.strictEqual(yield* Effect.provide(insertAndCount, MemoryStore.layer), 1, "the second build does not see the first one's session")
  }))
