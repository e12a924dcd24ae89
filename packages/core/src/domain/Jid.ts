import { Schema, SchemaTransformation } from "effect"

// The `u` flag lets the patterns appear in the OpenAPI document (JSON Schema patterns are Unicode regexes). The
// examples annotate the string before its checks, so they are plain strings; branded schemas carry no description
// of their own, so that each field that uses one describes it without two descriptions colliding. An `…Input`
// (a transformation) is described here: annotations on a transformation's decoded side do not reach the document.
const PHONE_JID = /^[0-9]{7,15}@s\.whatsapp\.net$/u
const LID_JID = /^[0-9]{1,20}@lid$/u
const USER_JID = /^(?:[0-9]{7,15}@s\.whatsapp\.net|[0-9]{1,20}@lid)$/u
const GROUP_JID = /^[0-9]{1,32}(-[0-9]{1,32})?@g\.us$/u
const PHONE = /^\+?[0-9][0-9 ().-]*$/

/**
 * A WhatsApp user address, in either of its two forms: by phone (`<7..15 digits>@s.whatsapp.net`) or by LID
 * (`<1..20 digits>@lid`, WhatsApp's privacy identity). One person may be known by both (twins); see `PhoneJid`,
 * `LidJid`.
 */
export const UserJid = Schema.String.annotate({ examples: ["6281234567890@s.whatsapp.net", "123456789012345@lid"] }).pipe(
  Schema.check(
    Schema.isPattern(USER_JID, {
      message: "must be a user JID (<7 to 15 digits>@s.whatsapp.net or <1 to 20 digits>@lid) or a phone number"
    })
  ),
  Schema.brand("UserJid")
)
export type UserJid = typeof UserJid.Type

/** A user by phone: `<7..15 digits>@s.whatsapp.net`; it is also a `UserJid`. */
export const PhoneJid = Schema.String.annotate({ examples: ["6281234567890@s.whatsapp.net"] }).pipe(
  Schema.check(Schema.isPattern(PHONE_JID, { message: "must be a phone JID (<7 to 15 digits>@s.whatsapp.net) or a phone number" })),
  Schema.brand("UserJid"),
  Schema.brand("PhoneJid")
)
export type PhoneJid = typeof PhoneJid.Type

/** A user by LID: `<1..20 digits>@lid`; it is also a `UserJid`. */
export const LidJid = Schema.String.annotate({ examples: ["123456789012345@lid"] }).pipe(
  Schema.check(Schema.isPattern(LID_JID, { message: "must be a LID (<1 to 20 digits>@lid)" })),
  Schema.brand("UserJid"),
  Schema.brand("LidJid")
)
export type LidJid = typeof LidJid.Type

/** A WhatsApp group address: `<digits>[-<digits>]@g.us`. */
export const GroupJid = Schema.String.annotate({ examples: ["120363000000000001@g.us"] }).pipe(
  Schema.check(Schema.isPattern(GROUP_JID, { message: "must be a group JID (<digits>[-<digits>]@g.us)" })),
  Schema.brand("GroupJid")
)
export type GroupJid = typeof GroupJid.Type

/**
 * Turns what a person types for a user into a user JID candidate: a phone number with `+`, spaces, dashes,
 * dots or brackets becomes `<digits>@s.whatsapp.net`; anything else (a phone JID, a LID) is returned trimmed,
 * for the JID check.
 */
export const normalizeUserJid = (input: string): string => {
  const trimmed = input.trim()
  return PHONE.test(trimmed) ? `${trimmed.replace(/[^0-9]/g, "")}@s.whatsapp.net` : trimmed
}

/** Decodes a user JID from a phone JID, a LID or a phone number (normalised to the phone JID); encodes to the JID. */
export const UserJidInput = Schema.String.annotate({
  description:
    "A user: a phone JID (`<7 to 15 digits>@s.whatsapp.net`), a LID (`<1 to 20 digits>@lid`) or a phone number (`+62 812-3456-7890`: digits with an optional `+`, spaces, dashes, dots or brackets), which is normalised to the phone JID.",
  examples: ["6281234567890@s.whatsapp.net", "123456789012345@lid", "+62 812 3456 7890"]
}).pipe(
  Schema.decodeTo(
    UserJid,
    SchemaTransformation.transform({ decode: normalizeUserJid, encode: (jid: string) => jid })
  )
)

/** Decodes a phone JID from a phone JID or a phone number (normalised); a LID is refused (e.g. linking by phone). */
export const PhoneJidInput = Schema.String.annotate({
  description:
    "A phone: a phone JID (`<7 to 15 digits>@s.whatsapp.net`) or a phone number (`+62 812-3456-7890`: digits with an optional `+`, spaces, dashes, dots or brackets), which is normalised to the JID.",
  examples: ["6281234567890@s.whatsapp.net", "+62 812 3456 7890"]
}).pipe(
  Schema.decodeTo(
    PhoneJid,
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

/** Where a message may go: a user (by phone JID or LID) or a group. */
export const Recipient = Schema.Union([UserJid, GroupJid]).annotate({
  description: "A user JID (phone JID or LID) or a group JID."
})
export type Recipient = typeof Recipient.Type

/** Decodes a recipient: a group JID as is, otherwise a user JID or phone number. */
export const RecipientInput = Schema.String.annotate({
  description:
    "Where the message goes: a group JID (`…@g.us`), a user by phone JID (`…@s.whatsapp.net`) or LID (`…@lid`), or a phone number, normalised to the phone JID.",
  examples: ["120363000000000001@g.us", "6281234567890@s.whatsapp.net", "123456789012345@lid", "+62 812 3456 7890"]
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
export const isPhoneJid = (jid: string): jid is PhoneJid => PHONE_JID.test(jid)
export const isLidJid = (jid: string): jid is LidJid => LID_JID.test(jid)

/** A user's two identities where known: its phone JID and its LID (each `null` when WhatsApp has not told it). */
export interface Twins {
  readonly phoneJid: PhoneJid | null
  readonly lid: LidJid | null
}

/** A phone JID and its LID, both known: what the store learns to resolve one form to the other. */
export interface TwinPair {
  readonly phoneJid: PhoneJid
  readonly lid: LidJid
}

/** The twins a single address gives away by its own form. */
export const twinsOf = (jid: UserJid): Twins =>
  isLidJid(jid) ? { phoneJid: null, lid: jid } : { phoneJid: isPhoneJid(jid) ? jid : null, lid: null }
