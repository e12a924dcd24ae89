import { type SessionId, UserJid } from "@wagate/core"

const MASK_64 = 0xffff_ffff_ffff_ffffn
const REST_DIGITS = 10n ** 14n

/** FNV-1a, 64 bits: a stable, dependency-free hash of the session id. */
const fnv1a64 = (input: string): bigint => {
  let hash = 0xcbf2_9ce4_8422_2325n
  for (const byte of new TextEncoder().encode(input)) {
    hash = ((hash ^ BigInt(byte)) * 0x100_0000_01b3n) & MASK_64
  }
  return hash
}

/**
 * The phone number the simulator links a session to: 15 digits hashed from the session id. The first digit is
 * 1..8, so a session's own number is never one of the special `999` (private) or `000` (unknown) numbers.
 */
export const simulatedPhoneJid = (sessionId: SessionId): UserJid => {
  const hash = fnv1a64(sessionId)
  const first = 1n + (hash % 8n)
  const rest = ((hash / 8n) % REST_DIGITS).toString().padStart(14, "0")
  return UserJid.make(`${first}${rest}@s.whatsapp.net`)
}

/** Numbers starting `999` exist but refuse direct adds (privacy settings): adding them sends an invite instead. */
export const isPrivateNumber = (jid: UserJid): boolean => jid.startsWith("999")

/** Numbers starting `000` are not on WhatsApp. */
export const isUnknownNumber = (jid: UserJid): boolean => jid.startsWith("000")
