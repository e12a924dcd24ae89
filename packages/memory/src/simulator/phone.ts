import { PhoneJid, type SessionId, simulatedPhoneNumber } from "@wagate/core"

export { isPrivateNumber, isUnknownNumber } from "@wagate/core"

/**
 * The phone JID the simulator links a session to: the shared rule of both simulated worlds
 * (`simulatedPhoneNumber` in @wagate/core), so a session gets the same number here and in wa-sim.
 */
export const simulatedPhoneJid = (sessionId: SessionId): PhoneJid =>
  PhoneJid.make(`${simulatedPhoneNumber(sessionId)}@s.whatsapp.net`)
