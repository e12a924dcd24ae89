import type { ApiKeyStore } from "./ApiKeyStore.ts"
import type { AuthStateStore } from "./AuthStateStore.ts"
import type { ChatStore } from "./ChatStore.ts"
import type { EventStore } from "./EventStore.ts"
import type { GroupStore } from "./GroupStore.ts"
import type { IdempotencyStore } from "./IdempotencyStore.ts"
import type { MessageStore } from "./MessageStore.ts"
import type { Outbox } from "./Outbox.ts"
import type { SessionStore } from "./SessionStore.ts"
import type { StoreHealth } from "./StoreHealth.ts"
import type { StoreTransaction } from "./StoreTransaction.ts"
import type { WebhookStore } from "./WebhookStore.ts"
import type { EventWakeups } from "../EventWakeups.ts"

/**
 * Everything a complete store adapter provides: the stores (webhooks included), the outbox's writes, the WhatsApp auth state, the health
 * probe, the transactions that span stores and the wake-ups for readers of the event log.
 */
export type StorePorts =
  | SessionStore
  | GroupStore
  | MessageStore
  | ChatStore
  | Outbox
  | IdempotencyStore
  | ApiKeyStore
  | EventStore
  | AuthStateStore
  | WebhookStore
  | StoreHealth
  | StoreTransaction
  | EventWakeups
