import type { ApiKeyStore } from "./ApiKeyStore.ts"
import type { AuthStateStore } from "./AuthStateStore.ts"
import type { EventStore } from "./EventStore.ts"
import type { GroupStore } from "./GroupStore.ts"
import type { IdempotencyStore } from "./IdempotencyStore.ts"
import type { MessageStore } from "./MessageStore.ts"
import type { SessionStore } from "./SessionStore.ts"
import type { StoreHealth } from "./StoreHealth.ts"
import type { WebhookStore } from "./WebhookStore.ts"

/** Everything a complete store adapter provides: the stores (webhooks included), the WhatsApp auth state and the health probe. */
export type StorePorts =
  | SessionStore
  | GroupStore
  | MessageStore
  | IdempotencyStore
  | ApiKeyStore
  | EventStore
  | AuthStateStore
  | WebhookStore
  | StoreHealth
