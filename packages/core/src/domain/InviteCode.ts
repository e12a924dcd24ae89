import { Schema, SchemaTransformation } from "effect"

const CODE = /^[A-Za-z0-9_-]{6,64}$/u
const LINK = /^(?:https?:\/\/)?chat\.whatsapp\.com\/(?:invite\/)?([^/?#\s]+)\/?(?:[?#].*)?$/i

/** A group invite code, the last path segment of `https://chat.whatsapp.com/<code>`. */
export const InviteCode = Schema.String.annotate({ examples: ["i720Ec80Z4WwwW6F2Vkvsg"] }).pipe(
  Schema.check(Schema.isPattern(CODE, { message: "must be an invite code or a https://chat.whatsapp.com/<code> link" })),
  Schema.brand("InviteCode")
)
export type InviteCode = typeof InviteCode.Type

/** Extracts the code from a bare code or any chat.whatsapp.com link (query string and trailing slash allowed). */
export const extractInviteCode = (input: string): string => {
  const trimmed = input.trim()
  const match = LINK.exec(trimmed)
  return match?.[1] ?? trimmed
}

/** Decodes an invite code from a bare code or a link. */
export const InviteCodeInput = Schema.String.annotate({
  description:
    "An invite: the bare code, or the whole `https://chat.whatsapp.com/<code>` link (a query string or trailing slash is fine).",
  examples: ["https://chat.whatsapp.com/i720Ec80Z4WwwW6F2Vkvsg", "i720Ec80Z4WwwW6F2Vkvsg"]
}).pipe(
  Schema.decodeTo(InviteCode, SchemaTransformation.transform({ decode: extractInviteCode, encode: (code: string) => code }))
)

/** The public link for a code. */
export const inviteLink = (code: InviteCode): string => `https://chat.whatsapp.com/${code}`

/** An invite as returned to callers: the code and its link. */
export const Invite = Schema.Struct({
  code: InviteCode.annotate({ description: "The invite code: the last path segment of the link." }),
  link: Schema.String.annotate({
    description: "The link to share: `https://chat.whatsapp.com/<code>`.",
    examples: ["https://chat.whatsapp.com/i720Ec80Z4WwwW6F2Vkvsg"]
  })
}).annotate({ description: "A group's current invite: the code and its link." })
export type Invite = typeof Invite.Type

export const makeInvite = (code: InviteCode): Invite => ({ code, link: inviteLink(code) })
