/**
 * The simulator transport: an in-process WhatsApp world implementing `WhatsAppPort`.
 */
export { Simulator } from "./Simulator.ts"
export { isPrivateNumber, isUnknownNumber, simulatedPhoneJid } from "./phone.ts"
export { lidOf as simulatedLid } from "./identity.ts"
export type { Addressing } from "./World.ts"
