import type { ApiKeyStore, EventStore, GroupStore, IdempotencyStore, MessageStore, SessionStore } from "@wagate/core"
import { Layer } from "effect"
import { ApiKeyStoreMemory } from "./ApiKeyStoreMemory.ts"
import { EventStoreMemory } from "./EventStoreMemory.ts"
import { GroupStoreMemory } from "./GroupStoreMemory.ts"
import { IdempotencyStoreMemory } from "./IdempotencyStoreMemory.ts"
import { MemoryState } from "./MemoryState.ts"
import { MessageStoreMemory } from "./MessageStoreMemory.ts"
import { SessionStoreMemory } from "./SessionStoreMemory.ts"

/** The six store ports, all provided by `MemoryStore.layer`. */
export type MemoryStoreServices = SessionStore | GroupStore | MessageStore | IdempotencyStore | ApiKeyStore | EventStore

/** The whole store in memory, for tests, the simulator and trying wagate out; nothing survives the process. */
export const MemoryStore: {
  /** All six store services over one shared state; each build of the layer starts empty. Never fails. */
  readonly layer: Layer.Layer<MemoryStoreServices>
} = {
  layer: Layer.mergeAll(
    SessionStoreMemory,
    GroupStoreMemory,
    MessageStoreMemory,
    IdempotencyStoreMemory,
    ApiKeyStoreMemory,
    EventStoreMemory
  ).pipe(Layer.provide(MemoryState.layer))
}
