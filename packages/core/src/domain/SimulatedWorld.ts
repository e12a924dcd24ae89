/**
 * The numbering rules shared by wagate's two simulated WhatsApp worlds: the in-process simulator
 * (`@wagate/memory`) and the protocol simulator (`@wagate/wa-sim`). A session linked in either world gets the
 * same phone number and LID, and the same numbers are special in both (see API.md, "Simulated WhatsApp").
 */

const MASK_64 = 0xffff_ffff_ffff_ffffn
const REST_DIGITS = 10n ** 14n

/** FNV-1a, 64 bits: a stable, dependency-free hash. */
const fnv1a64 = (input: string): bigint => {
  let hash = 0xcbf2_9ce4_8422_2325n
  for (const byte of new TextEncoder().encode(input)) {
    hash = ((hash ^ BigInt(byte)) * 0x100_0000_01b3n) & MASK_64
  }
  return hash
}

/** 15 digits hashed from the input; the first digit is 1..8, so never a special `999` or `000` number. */
const fifteenDigits = (input: string): string => {
  const hash = fnv1a64(input)
  const first = 1n + (hash % 8n)
  const rest = ((hash / 8n) % REST_DIGITS).toString().padStart(14, "0")
  return `${first}${rest}`
}

/** The phone number (digits only) a simulated world links a session to, derived from the session id. */
export const simulatedPhoneNumber = (sessionId: string): string => fifteenDigits(sessionId)

/** The LID user (digits only) of a simulated phone number: 15 digits derived from the number. */
export const simulatedLidNumber = (phoneNumber: string): string => fifteenDigits(`lid:${phoneNumber}`)

/** Numbers (or JIDs) starting `999` exist but refuse direct adds (privacy settings): adding them sends an invite. */
export const isPrivateNumber = (numberOrJid: string): boolean => numberOrJid.startsWith("999")

/** Numbers (or JIDs) starting `000` are not on WhatsApp. */
export const isUnknownNumber = (numberOrJid: string): boolean => numberOrJid.startsWith("000")
