import { describe, layer } from "@effect/vitest"
import { assert } from "@effect/vitest"
import { StoreHealth, type StorePorts } from "@wagate/core"
import { type Duration, Effect, Exit, type Layer } from "effect"
import { apiKeyStoreTests } from "./ApiKeyStoreContract.ts"
import { authStateStoreTests } from "./AuthStateStoreContract.ts"
import { chatStoreTests } from "./ChatStoreContract.ts"
import { eventStoreTests } from "./EventStoreContract.ts"
import { groupStoreTests } from "./GroupStoreContract.ts"
import { idempotencyStoreTests } from "./IdempotencyStoreContract.ts"
import { messageStoreTests } from "./MessageStoreContract.ts"
import { outboxTests } from "./OutboxContract.ts"
import { sessionStoreTests } from "./SessionStoreContract.ts"
import { storeTransactionTests } from "./StoreTransactionContract.ts"
import { webhookStoreTests } from "./WebhookStoreContract.ts"

/** The store ports, the WhatsApp auth state and the health probe a complete store adapter provides. */
export type StoreServices = StorePorts

/** How the store's layer is built for the suites (passed to `@effect/vitest`'s `layer`). */
export interface StoreContractOptions {
  /** How long building (and closing) the store may take, e.g. starting a database. */
  readonly timeout?: Duration.Input
  /** Build the store with the live clock rather than the TestClock, for drivers that keep timers. */
  readonly excludeTestServices?: boolean
  /** Whether a failing `StoreTransaction.atomically` body leaves nothing behind (default true; false for memory). */
  readonly rollsBack?: boolean
}

/**
 * Every store contract against one build of `storeLayer`, so all suites share one store (one database, one
 * pool, one migration run), as they do in production.
 */
export const storeContract = <E>(name: string, storeLayer: Layer.Layer<StoreServices, E>, options: StoreContractOptions = {}): void => {
  const { rollsBack = true, ...layerOptions } = options
  layer(storeLayer, layerOptions)(name, (it) => {
    describe("SessionStore", () => sessionStoreTests(it))
    describe("GroupStore", () => groupStoreTests(it))
    describe("MessageStore", () => messageStoreTests(it))
    describe("ChatStore", () => chatStoreTests(it))
    describe("IdempotencyStore", () => idempotencyStoreTests(it))
    describe("Outbox", () => outboxTests(it))
    describe("ApiKeyStore", () => apiKeyStoreTests(it))
    describe("EventStore", () => eventStoreTests(it))
    describe("AuthStateStore", () => authStateStoreTests(it))
    describe("StoreTransaction", () => storeTransactionTests(it, { rollsBack }))
    describe("WebhookStore", () => webhookStoreTests(it))
    describe("StoreHealth", () => {
      it.effect("a reachable store answers the ping", () =>
        Effect.gen(function*() {
          const health = yield* StoreHealth
          assert.isTrue(Exit.isSuccess(yield* Effect.exit(health.ping)))
        }))
    })
  })
}
