export { apiKeyStoreContract, apiKeyStoreTests } from "./ApiKeyStoreContract.ts"
export { authStateStoreContract, type AuthStateStoreContractServices, authStateStoreTests } from "./AuthStateStoreContract.ts"
export { eventStoreContract, eventStoreTests } from "./EventStoreContract.ts"
export { groupStoreContract, type GroupStoreContractServices, groupStoreTests } from "./GroupStoreContract.ts"
export { idempotencyStoreContract, idempotencyStoreTests } from "./IdempotencyStoreContract.ts"
export { messageStoreContract, type MessageStoreContractServices, messageStoreTests } from "./MessageStoreContract.ts"
export { type ChatStoreContractServices, chatStoreTests } from "./ChatStoreContract.ts"
export { type OutboxContractServices, outboxTests } from "./OutboxContract.ts"
export { sessionStoreContract, type SessionStoreContractServices, sessionStoreTests } from "./SessionStoreContract.ts"
export {
  type StoreTransactionContractOptions,
  type StoreTransactionContractServices,
  storeTransactionTests
} from "./StoreTransactionContract.ts"
export { webhookStoreContract, webhookStoreTests } from "./WebhookStoreContract.ts"
export { storeContract, type StoreContractOptions, type StoreServices } from "./StoreContract.ts"
export * as StoreFixtures from "./fixtures.ts"
