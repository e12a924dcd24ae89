import { Schema } from "effect"
import { Timestamp } from "./Ids.ts"
import { GroupJid, UserJid } from "./Jid.ts"
import { MemberInfo } from "./Member.ts"

/** Who may add members: only admins, or every member. */
export const MemberAddMode = Schema.Literals(["admin_add", "all_member_add"]).annotate({
  description: "Who may add members: `admin_add` (only admins) or `all_member_add` (every member)."
})
export type MemberAddMode = typeof MemberAddMode.Type

/** A group's settings, all of them. */
export const GroupSettings = Schema.Struct({
  isAnnounce: Schema.Boolean,
  isLocked: Schema.Boolean,
  joinApproval: Schema.Boolean,
  memberAddMode: MemberAddMode
})
export type GroupSettings = typeof GroupSettings.Type

/** A change to some settings (create and patch). */
export const GroupSettingsPatch = Schema.Struct({
  isAnnounce: Schema.optionalKey(Schema.Boolean.annotate({ description: "Only admins may post (an announcement group)." })),
  isLocked: Schema.optionalKey(Schema.Boolean.annotate({ description: "Only admins may change the group's subject, description and picture." })),
  joinApproval: Schema.optionalKey(Schema.Boolean.annotate({ description: "People joining by invite wait for an admin's approval." })),
  memberAddMode: Schema.optionalKey(MemberAddMode)
}).annotate({
  identifier: "GroupSettings",
  description: "Group settings to set; the ones left out keep their value (WhatsApp's defaults for a new group: all `false`, `admin_add`)."
})
export type GroupSettingsPatch = typeof GroupSettingsPatch.Type

export const defaultGroupSettings: GroupSettings = {
  isAnnounce: false,
  isLocked: false,
  joinApproval: false,
  memberAddMode: "admin_add"
}

/** What kind of chat a group is: a plain group, a community (parent), or a community's announcement group. */
export const GroupKind = Schema.Literals(["group", "community", "announcement"])
export type GroupKind = typeof GroupKind.Type

/** A group as WhatsApp describes it: metadata, settings and the member list. */
export const GroupInfo = Schema.Struct({
  groupJid: GroupJid,
  subject: Schema.String,
  description: Schema.NullOr(Schema.String),
  ownerJid: Schema.NullOr(UserJid),
  createdAt: Timestamp,
  settings: GroupSettings,
  kind: GroupKind,
  /** The community this group is linked to, if any. */
  parentJid: Schema.NullOr(GroupJid),
  /** The members by their address in the group, with the twins WhatsApp gave (the store completes the rest). */
  members: Schema.Array(MemberInfo)
})
export type GroupInfo = typeof GroupInfo.Type

/** A group as a session sees it in the store (the API's Group). */
export const Group = Schema.Struct({
  groupJid: GroupJid.annotate({ description: "The group's JID: use it (percent-encoded or not) as `{gid}` in paths." }),
  subject: Schema.String.annotate({ description: "The group's name, as every member sees it." }),
  description: Schema.NullOr(Schema.String).annotate({ description: "The group's description; `null` when it has none." }),
  ownerJid: Schema.NullOr(UserJid).annotate({ description: "Who created the group; `null` when WhatsApp did not say." }),
  participants: Schema.Int.annotate({ description: "How many members the group has, the session's own account included." }),
  isAnnounce: Schema.Boolean.annotate({ description: "Only admins may post." }),
  isLocked: Schema.Boolean.annotate({ description: "Only admins may change the group's subject, description and picture." }),
  joinApproval: Schema.Boolean.annotate({ description: "People joining by invite wait for an admin's approval." }),
  memberAddMode: MemberAddMode,
  createdAt: Timestamp.annotate({ description: "When the group was created on WhatsApp." }),
  left: Schema.Boolean.annotate({
    description: "The session's account has left the group (or was removed): the stored data stays readable, live actions are refused."
  })
}).annotate({ description: "A group as the session sees it, from the store." })
export type Group = typeof Group.Type

/** Groups as the JSON text of their wire form, for a store that keeps them as values (ADR 0033). */
export const groupsJson: (groups: ReadonlyArray<Group>) => string = Schema.encodeSync(Schema.fromJsonString(Schema.Array(Group)))

/** A change to a group's metadata; `description: null` clears it. */
export interface GroupPatch {
  readonly subject?: string
  readonly description?: string | null
  readonly settings?: GroupSettingsPatch
}

export const applySettingsPatch = (settings: GroupSettings, patch: GroupSettingsPatch): GroupSettings => ({
  isAnnounce: patch.isAnnounce ?? settings.isAnnounce,
  isLocked: patch.isLocked ?? settings.isLocked,
  joinApproval: patch.joinApproval ?? settings.joinApproval,
  memberAddMode: patch.memberAddMode ?? settings.memberAddMode
})

/** The Group a session stores and shows for what WhatsApp described; `participants` defaults to the member count. */
export const groupFromInfo = (info: GroupInfo, participants: number = info.members.length): Group => ({
  groupJid: info.groupJid,
  subject: info.subject,
  description: info.description,
  ownerJid: info.ownerJid,
  participants,
  isAnnounce: info.settings.isAnnounce,
  isLocked: info.settings.isLocked,
  joinApproval: info.settings.joinApproval,
  memberAddMode: info.settings.memberAddMode,
  createdAt: info.createdAt,
  left: false
})
