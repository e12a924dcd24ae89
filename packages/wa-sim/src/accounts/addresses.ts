/** A user (and maybe one device) named by a phone number, a phone JID, a device JID or a LID. */
export interface Address {
  readonly user: string
  readonly server: "s.whatsapp.net" | "lid"
  readonly device: number | undefined
}

const JID = /^([0-9]{1,20})(?::([0-9]{1,3}))?@(s\.whatsapp\.net|c\.us|lid)$/
const PHONE = /^\+?[0-9][0-9 ().-]*$/

/**
 * Reads what a person or a test names a user by: `+1 555 0100`, `15550100`, `15550100@s.whatsapp.net`,
 * `15550100:2@s.whatsapp.net`, `1234:2@lid`. Undefined when it is none of those.
 */
export const parseAddress = (input: string): Address | undefined => {
  const trimmed = input.trim()
  const jid = JID.exec(trimmed)
  if (jid) {
    const [, user, device, server] = jid
    return {
      user: user!,
      server: server === "lid" ? "lid" : "s.whatsapp.net",
      device: device === undefined ? undefined : Number(device)
    }
  }
  if (PHONE.test(trimmed)) {
    const digits = trimmed.replace(/[^0-9]/g, "")
    if (digits.length >= 7 && digits.length <= 15) return { user: digits, server: "s.whatsapp.net", device: undefined }
  }
  return undefined
}
