import { Schema, SchemaTransformation } from "effect"

// The `u` flag lets the patterns appear in the OpenAPI document (JSON Schema patterns are Unicode regexes). The
// examples annotate the string before its checks, so they are plain strings; branded schemas carry no description
// of their own, so that each field that uses one describes it without two descriptions colliding. An `…Input`
// (a transformation) is described here: annotations on a transformation's decoded side do not reach the document.
const USER_JID = /^[0-9]{7,15}@s\.whatsapp\.net$/u
const GROUP_JID = /^[0-9]{1,32}(-[0-9]{1,32})?@g\.us$/u
const PHONE = /^\+?[0-9][0-9 ().-]*$/

/** A WhatsApp user address: `<7..15 digits>@s.whatsapp.net`. */
export const UserJid = Schema.String.annotate({ examples: ["6281234567890@s.whatsapp.net"] }).pipe(
  Schema.check(Schema.isPattern(USER_JID, { message: "must be a user JID (<7 to 15 digits>@s.whatsapp.net) or a phone number" })),
  Schema.brand("UserJid")
)
export type UserJid = typeof UserJid.Type

/** A WhatsApp group address: `<digits>[-<digits>]@g.us`. */
export const GroupJid = Schema.String.annotate({ examples: ["120363000000000001@g.us"] }).pipe(
  Schema.check(Schema.isPattern(GROUP_JID, { message: "must be a group JID (<digits>[-<digits>]@g.us)" })),
  Schema.brand("GroupJid")
)
export type GroupJid = typeof GroupJid.Type

/**
 * Turns what a person types for a user into a user JID candidate: a phone number with `+`, spaces, dashes,
 * dots or brackets becomes `<digits>@s.whatsapp.net`; anything else is returned trimmed, for the JID check.
 */
export const normalizeUserJid = (input: string): string => {
  const trimmed = input.trim()
  return PHONE.test(trimmed) ? `${trimmed.replace(/[^0-9]/g, "")}@s.whatsapp.net` : trimmed
}

/** Decodes a user JID from a JID or a phone number (normalised); encodes to the JID. */
export const UserJidInput = Schema.String.annotate({
  description:
    "A user: a JID (`<7 to 15 digits>@s.whatsapp.net`) or a phone number (`+62 812-3456-7890`: digits with an optional `+`, spaces, dashes, dots or brackets), which is normalised to the JID.",
  examples: ["6281234567890@s.whatsapp.net", "+62 812 3456 7890"]
}).pipe(
  Schema.decodeTo(
    UserJid,
    SchemaTransformation.transform({ decode: normalizeUserJid, encode: (jid: string) => jid })
  )
)

/** Decodes a group JID, accepting surrounding white space. */
export const GroupJidInput = Schema.String.annotate({
  description: "A group JID: `<digits>[-<digits>]@g.us`.",
  examples: ["120363000000000001@g.us"]
}).pipe(
  Schema.decodeTo(GroupJid, SchemaTransformation.transform({ decode: (s: string) => s.trim(), encode: (s: string) => s }))
)

/** Where a message may go: a user or a group. */
export const Recipient = Schema.Union([UserJid, GroupJid]).annotate({
  description: "A user JID or a group JID."
})
export type Recipient = typeof Recipient.Type

/** Decodes a recipient: a group JID as is, otherwise a user JID or phone number. */
export const RecipientInput = Schema.String.annotate({
  description:
    "Where the message goes: a group JID (`…@g.us`), a user JID (`…@s.whatsapp.net`) or a phone number, normalised to the user JID.",
  examples: ["120363000000000001@g.us", "6281234567890@s.whatsapp.net", "+62 812 3456 7890"]
}).pipe(
  Schema.decodeTo(
    Recipient,
    SchemaTransformation.transform({
      decode: (s: string) => (s.trim().endsWith("@g.us") ? s.trim() : normalizeUserJid(s)),
      encode: (jid: string) => jid
    })
  )
)

export const isGroupJid = (jid: string): jid is GroupJid => GROUP_JID.test(jid)
export const isUserJid = (jid: string): jid is UserJid => USER_JID.test(jid)
