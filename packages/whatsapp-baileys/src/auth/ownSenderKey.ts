import type { AuthenticationCreds, SignalDataTypeMap } from "@whiskeysockets/baileys"

type Memory = SignalDataTypeMap["sender-key-memory"]

/**
 * The sender-key memory of groups (which devices already hold the account's sender key) as Baileys reads it
 * before a group send, with the sending device itself, in both its forms, among the holders. Baileys (7.0.0-rc14,
 * `extractDeviceJids`) compares the account's LID JID with a bare user, so in a LID-addressed group it would hand
 * a new sender key to the sending device itself (`<lid>:<device>@lid`); WhatsApp refuses a group message whose
 * sender keys go to the sender (Evolution API PR #2303). A device said to hold the key is never a recipient.
 */
export const ownDeviceHoldsSenderKey = (
  creds: AuthenticationCreds,
  ids: ReadonlyArray<string>,
  found: Readonly<Record<string, Memory>>
): Record<string, Memory> => {
  const own = [creds.me?.id, creds.me?.lid].filter((jid): jid is string => jid !== undefined && jid !== null && jid.length > 0)
  if (own.length === 0) return { ...found }
  const out: Record<string, Memory> = {}
  for (const id of ids) {
    const memory: Memory = { ...found[id] }
    for (const jid of own) memory[jid] = true
    out[id] = memory
  }
  return out
}
