import { Schema } from "effect"
import { GroupJid } from "./Jid.ts"

/** A community (parent group), its announcement group and the groups linked to it. */
export const Community = Schema.Struct({
  communityJid: GroupJid.annotate({ description: "The community's own JID (it is a parent group)." }),
  subject: Schema.String.annotate({ description: "The community's name." }),
  announcementGroupJid: Schema.NullOr(GroupJid).annotate({
    description: "The community's announcement group, where only admins post; `null` when the store does not know it."
  }),
  groups: Schema.Array(GroupJid).annotate({ description: "The groups linked to the community, as stored." })
}).annotate({ description: "A community (a parent group), its announcement group and its linked groups." })
export type Community = typeof Community.Type

export const CreatedCommunity = Schema.Struct({
  communityJid: GroupJid.annotate({ description: "The new community's JID." }),
  announcementGroupJid: GroupJid.annotate({ description: "The announcement group WhatsApp created with it." })
}).annotate({ description: "A community just created, with its announcement group." })
export type CreatedCommunity = typeof CreatedCommunity.Type
