import { EventWakeups, Outbox, type StorePorts } from "@wagate/core"
import { Layer } from "effect"
import { ApiKeyStoreMemory } from "./ApiKeyStoreMemory.ts"
import { AuthStateStoreMemory } from "./AuthStateStoreMemory.ts"
import { ChatStoreMemory } from "./ChatStoreMemory.ts"
import { EventStoreMemory } from "./EventStoreMemory.ts"
import { GroupStoreMemory } from "./GroupStoreMemory.ts"
import { IdempotencyStoreMemory } from "./IdempotencyStoreMemory.ts"
import { MemoryState } from "./MemoryState.ts"
import { MessageStoreMemory } from "./MessageStoreMemory.ts"
import { SessionStoreMemory } from "./SessionStoreMemory.ts"
import { StoreHealthMemory } from "./StoreHealthMemory.ts"
import { StoreTransactionMemory } from "./StoreTransactionMemory.ts"
import { WebhookStoreMemory } from "./WebhookStoreMemory.ts"

/** The store ports, the WhatsApp auth state and the store health probe, all provided by `MemoryStore.layer`. */
export type MemoryStoreServices = StorePorts

/** The whole store in memory, for tests, the simulator and trying wagate out; nothing survives the process. */
export const MemoryStore: {
  /** Every store service over one shared state; each build of the layer starts empty. Never fails. */
  readonly layer: Layer.Layer<MemoryStoreServices>
} = {
  // The outbox's writes as transactions over the stores: memory has no round trips to save.
  layer: Outbox.layerComposed.pipe(Layer.provideMerge(Layer.mergeAll(
    SessionStoreMemory,
    GroupStoreMemory,
    MessageStoreMemory,
    ChatStoreMemory,
    IdempotencyStoreMemory,
    ApiKeyStoreMemory,
    EventStoreMemory,
    AuthStateStoreMemory,
    WebhookStoreMemory,
    StoreHealthMemory,
    StoreTransactionMemory
  ))).pipe(
    Layer.provide(MemoryState.layer),
    Layer.provideMerge(EventWakeups.layerInProcess)
  )
}
