/**
 * The simulator transport: an in-process WhatsApp world implementing `WhatsAppPort`.
 */
export { Simulator } from "./Simulator.ts"
export { isPrivateNumber, isUnknownNumber, simulatedPhoneJid } from "./phone.ts"
export { type Addressing, lidOf as simulatedLid } from "./lids.ts"
export type { SentPresence } from "./World.ts"
