import { Schema } from "effect"
import { LidJid, PhoneJid, type TwinPair, type Twins, twinsOf, UserJid } from "./Jid.ts"

/** A member's role in a group; the creator is `superadmin`. */
export const Role = Schema.Literals(["member", "admin", "superadmin"]).annotate({
  description: "The member's role: `member`, `admin`, or `superadmin` (the group's creator)."
})
export type Role = typeof Role.Type

/**
 * A group member as stored: `jid` is the address WhatsApp uses for it in this group (a phone JID, or a LID in a
 * LID-addressed group), `phoneJid` and `lid` its twins where known (one of them is `jid`).
 */
export const Member = Schema.Struct({
  jid: UserJid.annotate({ description: "The member's address in this group: a phone JID, or a LID in a LID-addressed group." }),
  phoneJid: Schema.NullOr(PhoneJid).annotate({ description: "The member's phone JID; `null` when WhatsApp has not told it." }),
  lid: Schema.NullOr(LidJid).annotate({ description: "The member's LID (WhatsApp's privacy identity); `null` when not known." }),
  role: Role
}).annotate({ description: "A member of a group, as stored for the session." })
export type Member = typeof Member.Type

/** Members as the JSON text of their wire form, for a store that keeps them as values (ADR 0033). */
export const membersJson: (members: ReadonlyArray<Member>) => string = Schema.encodeSync(Schema.fromJsonString(Schema.Array(Member)))

/**
 * A member as WhatsApp describes it (group metadata): its address in the group and the twins WhatsApp gave with
 * it, if any. The store completes the twins from what it learned before.
 */
export const MemberInfo = Schema.Struct({
  jid: UserJid,
  role: Role,
  phoneJid: Schema.optional(Schema.NullOr(PhoneJid)),
  lid: Schema.optional(Schema.NullOr(LidJid))
})
export type MemberInfo = typeof MemberInfo.Type

/** A user named in a participant change, with the twins WhatsApp gave for it (if any). */
export interface ParticipantRef {
  readonly jid: UserJid
  readonly phoneJid?: PhoneJid | null | undefined
  readonly lid?: LidJid | null | undefined
}

export const isAdminRole = (role: Role): boolean => role === "admin" || role === "superadmin"

/** The twins a participant names: the ones given with it, and the one its address is. */
export const refTwins = (ref: ParticipantRef): Twins => {
  const own = twinsOf(ref.jid)
  return { phoneJid: ref.phoneJid ?? own.phoneJid, lid: ref.lid ?? own.lid }
}

/** The phone ↔ LID pairs participants give away by carrying both forms. */
export const pairsOf = (refs: ReadonlyArray<ParticipantRef>): Array<TwinPair> => {
  const pairs: Array<TwinPair> = []
  for (const ref of refs) {
    const { lid, phoneJid } = refTwins(ref)
    if (phoneJid !== null && lid !== null) pairs.push({ phoneJid, lid })
  }
  return pairs
}

/** Every form a participant is named by (its address and its twins). */
export const formsOf = (ref: ParticipantRef): Array<UserJid> => {
  const { lid, phoneJid } = refTwins(ref)
  return Array.from(new Set<UserJid>([ref.jid, ...(phoneJid === null ? [] : [phoneJid]), ...(lid === null ? [] : [lid])]))
}

/** Participants with one entry per user: a later entry naming a form an earlier one named is dropped. */
export const distinctRefs = (refs: ReadonlyArray<ParticipantRef>): Array<ParticipantRef> => {
  const seen = new Set<string>()
  const out: Array<ParticipantRef> = []
  for (const ref of refs) {
    const forms = formsOf(ref)
    if (forms.some((form) => seen.has(form))) continue
    for (const form of forms) seen.add(form)
    out.push(ref)
  }
  return out
}
