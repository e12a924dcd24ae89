import { describe, layer } from "@effect/vitest"
import { assert } from "@effect/vitest"
import { StoreHealth, type StorePorts } from "@wagate/core"
import { Effect, Exit, type Layer } from "effect"
import { apiKeyStoreTests } from "./ApiKeyStoreContract.ts"
import { eventStoreTests } from "./EventStoreContract.ts"
import { groupStoreTests } from "./GroupStoreContract.ts"
import { idempotencyStoreTests } from "./IdempotencyStoreContract.ts"
import { messageStoreTests } from "./MessageStoreContract.ts"
import { sessionStoreTests } from "./SessionStoreContract.ts"

/** The six store ports and the health probe a complete store adapter provides. */
export type StoreServices = StorePorts

/**
 * Every store contract against one build of `storeLayer`, so all suites share one store (one database, one
 * pool, one migration run), as they do in production.
 */
export const storeContract = <E>(name: string, storeLayer: Layer.Layer<StoreServices, E>): void =>
  layer(storeLayer)(name, (it) => {
    describe("SessionStore", () => sessionStoreTests(it))
    describe("GroupStore", () => groupStoreTests(it))
    describe("MessageStore", () => messageStoreTests(it))
    describe("IdempotencyStore", () => idempotencyStoreTests(it))
    describe("ApiKeyStore", () => apiKeyStoreTests(it))
    describe("EventStore", () => eventStoreTests(it))
    describe("StoreHealth", () => {
      it.effect("a reachable store answers the ping", () =>
        Effect.gen(function*() {
          const health = yield* StoreHealth
          assert.isTrue(Exit.isSuccess(yield* Effect.exit(health.ping)))
        }))
    })
  })
