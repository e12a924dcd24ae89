import { assert, it } from "@effect/vitest"
import { SessionStore } from "@wagate/core"
import {
  apiKeyStoreContract,
  authStateStoreContract,
  eventStoreContract,
  groupStoreContract,
  idempotencyStoreContract,
  messageStoreContract,
  sessionStoreContract,
  StoreFixtures,
  storeContract
} from "@wagate/testing"
import { Effect } from "effect"
import { MemoryStore } from "../src/index.ts"

// All suites over one store, as an application shares it...
storeContract("MemoryStore", MemoryStore.layer)

// ...and each suite on its own fresh store.
sessionStoreContract("MemoryStore: SessionStore alone", MemoryStore.layer)
groupStoreContract("MemoryStore: GroupStore alone", MemoryStore.layer)
messageStoreContract("MemoryStore: MessageStore alone", MemoryStore.layer)
idempotencyStoreContract("MemoryStore: IdempotencyStore alone", MemoryStore.layer)
apiKeyStoreContract("MemoryStore: ApiKeyStore alone", MemoryStore.layer)
eventStoreContract("MemoryStore: EventStore alone", MemoryStore.layer)
authStateStoreContract("MemoryStore: AuthStateStore alone", MemoryStore.layer)

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
