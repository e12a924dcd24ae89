import type { Account } from "../accounts/Account.ts"
import type { Target } from "../control/Target.ts"
import { WaSimError } from "../errors.ts"
import type { Simulator } from "../Simulator.ts"
import type { AddressingMode, Group, MemberAddMode, Role } from "./Group.ts"
import type { GroupAct } from "./GroupCall.ts"
import { dismiss } from "./membership.ts"
import { Notifier } from "./Notifier.ts"
import { joinByLink, type JoinOutcome } from "./ops/invites.ts"

/** A member as the gateway's API shows one: the address the group uses, both twins, the role. */
export interface GroupMemberView {
  readonly jid: string
  readonly phoneJid: string
  readonly lid: string
  readonly role: Role
}

export interface JoinRequestView {
  readonly jid: string
  readonly phoneJid: string
  readonly lid: string
  readonly requestedAt: number
  readonly method: string
}

/** A group of the simulated world, as the control API reads it. People are named by phone JID unless said. */
export interface GroupView {
  readonly jid: string
  readonly subject: string
  readonly subjectOwner: string
  readonly subjectTime: number
  readonly creator: string
  readonly creation: number
  readonly addressingMode: AddressingMode
  readonly description: { readonly id: string; readonly body: string; readonly author: string; readonly time: number } | null
  readonly announce: boolean
  readonly locked: boolean
  readonly memberAddMode: MemberAddMode
  readonly joinApproval: boolean
  /** Disappearing messages timer in seconds, 0 when off. */
  readonly ephemeral: number
  /** The current invite code, null until someone asked for one. */
  readonly inviteCode: string | null
  readonly participants: ReadonlyArray<GroupMemberView>
  readonly requests: ReadonlyArray<JoinRequestView>
  /** Users whose direct add turned into an invite (privacy), with its code. */
  readonly addRequests: ReadonlyArray<{ readonly phoneJid: string; readonly code: string; readonly expiration: number }>
  /** For a community: its announcement group and linked groups. */
  readonly community: { readonly announcementGroup: string | null; readonly subGroups: ReadonlyArray<string> } | null
  /** The community this group belongs to (its announcement group's too). */
  readonly linkedParent: string | null
  readonly isAnnouncement: boolean
}

export interface GroupAddressingInput extends Target {
  /** `lid` or `pn`: how the groups created from now on address their members. */
  readonly mode: string
}

export interface JoinGroupInput extends Target {
  /** The group to join through its invite link (made if it has none, as when an admin shares it)… */
  readonly group?: string | undefined
  /** …or the invite code of the link. */
  readonly code?: string | undefined
}

export interface LeaveGroupInput extends Target {
  readonly group: string
}

/** The control API's view of the group model, and what users (virtual ones, or linked accounts' phones) do in it. */
export interface GroupControl {
  /** One group by JID (`<id>@g.us`). */
  readonly group: (jid: string) => GroupView
  /** The groups an account is in, or every group of the world without a target. */
  readonly groups: (target?: Target) => ReadonlyArray<GroupView>
  /**
   * How new groups address their members: for the groups one account creates (with a target), or for everyone
   * who did not choose (without). New groups are LID-addressed by default, as WhatsApp's are today.
   */
  readonly setGroupAddressing: (input: GroupAddressingInput) => void
  /**
   * A user follows a group's invite link: joins (the members' devices are told `add`, reason `invite`), or, in a
   * group that needs approval, asks to join (the admins are told `created_membership_requests`).
   */
  readonly joinGroup: (input: JoinGroupInput) => { readonly group: string; readonly outcome: JoinOutcome }
  /** A user leaves a group (the members' devices, the user's own companions too, are told `remove`). */
  readonly leaveGroup: (input: LeaveGroupInput) => { readonly group: string }
}

export const groupView = (group: Group): GroupView => ({
  jid: group.jid,
  subject: group.subject,
  subjectOwner: group.subjectOwner.jid,
  subjectTime: group.subjectTime,
  creator: group.creator.jid,
  creation: group.creation,
  addressingMode: group.addressingMode,
  description: group.description === undefined ? null : {
    id: group.description.id,
    body: group.description.body,
    author: group.description.author.jid,
    time: group.description.time
  },
  announce: group.announce,
  locked: group.locked,
  memberAddMode: group.memberAddMode,
  joinApproval: group.joinApproval,
  ephemeral: group.ephemeral,
  inviteCode: group.inviteCode ?? null,
  participants: [...group.members].map(([account, role]) => ({ ...twins(group, account), role })),
  requests: [...group.requests.values()].map((request) => ({
    ...twins(group, request.account),
    requestedAt: request.time,
    method: request.method
  })),
  addRequests: [...group.addRequests].map(([account, request]) => ({
    phoneJid: account.jid,
    code: request.code,
    expiration: request.expiration
  })),
  community: group.community === undefined ? null : {
    announcementGroup: group.community.announcement?.jid ?? null,
    subGroups: [...group.community.subGroups].map((sub) => sub.jid)
  },
  linkedParent: group.parent?.jid ?? null,
  isAnnouncement: group.isAnnouncement
})

const twins = (group: Group, account: Account) => ({ jid: group.addressOf(account), phoneJid: account.jid, lid: account.lid })

const GROUP_JID = /^[0-9]{1,30}(-[0-9]{1,15})?@g\.us$/

/**
 * The group control over a simulator; `accountOf` resolves a target as the rest of the control API does (with
 * `onDemand`, a phone number names a virtual user even before its first use).
 */
export const makeGroupControl = (simulator: Simulator, accountOf: (target: Target, onDemand?: boolean) => Account): GroupControl => {
  const groups = simulator.world.groups
  const existing = (jid: unknown, field: string): Group => {
    if (typeof jid !== "string" || !GROUP_JID.test(jid)) {
      throw new WaSimError("validation_error", `invalid ${field}`, { [field]: "must be <id>@g.us" })
    }
    const group = groups.find(jid)
    if (group === undefined) throw new WaSimError("not_found", `no group ${jid}`)
    return group
  }
  /** A user acting from the phone: no device made the change, so every companion of theirs is told too. */
  const actAs = (actor: Account): GroupAct => {
    const now = simulator.nowSeconds()
    return { actor, world: simulator.world, groups, now, notify: new Notifier(simulator.outbox, now, undefined) }
  }
  /** The group a join names: by JID (its invite code made if it has none) or by invite code. */
  const linkedBy = (input: JoinGroupInput): Group => {
    if (input.code === undefined) {
      const group = existing(input.group, "group")
      groups.inviteCodeOf(group)
      return group
    }
    const found = groups.lookupInvite(input.code)
    if (found.kind === "revoked") throw new WaSimError("conflict", "the invite code was revoked")
    if (found.kind === "unknown") throw new WaSimError("not_found", "no group has this invite code")
    return found.group
  }
  return {
    group: (jid) => groupView(existing(jid, "jid")),
    groups: (target) => {
      const all = target === undefined || (target.jid === undefined && target.sessionId === undefined)
      return (all ? groups.all : groups.of(accountOf(target))).map(groupView)
    },
    setGroupAddressing: (input) => {
      const mode = input.mode
      if (mode !== "lid" && mode !== "pn") throw new WaSimError("validation_error", "invalid mode", { mode: "must be lid or pn" })
      if (input.jid === undefined && input.sessionId === undefined) groups.defaultAddressing = mode
      else groups.chooseAddressing(accountOf(input), mode)
    },
    joinGroup: (input) => {
      if ((input.group === undefined) === (input.code === undefined)) {
        throw new WaSimError("validation_error", "give group or code", { group: "give exactly one of group, code" })
      }
      const group = linkedBy(input)
      return { group: group.jid, outcome: joinByLink(actAs(accountOf(input, true)), group) }
    },
    leaveGroup: (input) => {
      const group = existing(input.group, "group")
      const user = accountOf(input, true)
      if (!group.isMember(user)) throw new WaSimError("conflict", `${user.jid} is not in ${group.jid}`)
      dismiss(actAs(user), group, [user], { author: user, left: true })
      return { group: group.jid }
    }
  }
}
