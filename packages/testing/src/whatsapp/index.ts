/**
 * The WhatsAppPort contract suite, its harness service, and a per-session reader of the port's changes.
 */
export { ChangeInbox } from "./ChangeInbox.ts"
export { whatsAppPortContract } from "./contract.ts"
export { type HarnessSession, type SeenPresence, WhatsAppHarness } from "./WhatsAppHarness.ts"
