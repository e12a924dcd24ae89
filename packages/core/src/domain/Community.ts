import { Schema } from "effect"
import { GroupJid } from "./Jid.ts"

/** A community (parent group), its announcement group and the groups linked to it. */
export const Community = Schema.Struct({
  communityJid: GroupJid,
  subject: Schema.String,
  announcementGroupJid: Schema.NullOr(GroupJid),
  groups: Schema.Array(GroupJid)
})
export type Community = typeof Community.Type

export const CreatedCommunity = Schema.Struct({ communityJid: GroupJid, announcementGroupJid: GroupJid })
export type CreatedCommunity = typeof CreatedCommunity.Type
