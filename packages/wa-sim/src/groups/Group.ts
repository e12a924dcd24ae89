import type { Account } from "../accounts/Account.ts"

/** A member's standing: the creator is `superadmin`, admins `admin`, everyone else `member`. */
export type Role = "superadmin" | "admin" | "member"

/** How a group names its members on the wire: by LID (`addressing_mode="lid"`) or by phone JID (`"pn"`). */
export type AddressingMode = "lid" | "pn"

/** Who may add members: only admins, or every member (`member_add_mode`). */
export type MemberAddMode = "admin_add" | "all_member_add"

export interface Description {
  readonly id: string
  readonly body: string
  readonly author: Account
  readonly time: number
}

/** Someone asked to join a group that needs approval (`membership_approval_request`). */
export interface JoinRequest {
  readonly account: Account
  readonly time: number
  readonly method: string
}

/** The invite an admin's add turned into when the user's privacy settings refused it (`add_request`). */
export interface AddRequest {
  readonly code: string
  readonly expiration: number
  readonly admin: Account
}

/** What makes a group a community: its announcement group, its linked groups, its defaults. */
export interface Community {
  readonly defaultMembershipApprovalMode: string
  readonly allowNonAdminSubGroupCreation: boolean
  announcement: Group | undefined
  readonly subGroups: Set<Group>
}

export interface NewGroup {
  readonly id: string
  readonly subject: string
  readonly creator: Account
  readonly creation: number
  readonly addressingMode: AddressingMode
  readonly community?: Community | undefined
  readonly isAnnouncement?: boolean | undefined
}

/**
 * One WhatsApp group of the simulated world, shared by every account: subject, description, settings,
 * members with their roles, the invite code, join requests, and its place in a community. Plain state; the
 * rules (who may change what, what the others are told) live in the operations of `src/groups/`.
 */
export class Group {
  readonly id: string
  readonly jid: string
  readonly creator: Account
  readonly creation: number
  readonly addressingMode: AddressingMode
  subject: string
  subjectOwner: Account
  subjectTime: number
  description: Description | undefined = undefined
  announce = false
  locked = false
  memberAddMode: MemberAddMode = "admin_add"
  joinApproval = false
  /** Disappearing messages timer in seconds; 0 when off. */
  ephemeral = 0
  inviteCode: string | undefined = undefined
  /** Members in the order they joined. */
  readonly members = new Map<Account, Role>()
  readonly requests = new Map<Account, JoinRequest>()
  /** When members left by themselves: an admin cannot add them back directly for a while (408). */
  readonly leftAt = new Map<Account, number>()
  readonly addRequests = new Map<Account, AddRequest>()
  /** Set when this group is a community (the parent group). */
  readonly community: Community | undefined
  /** The community this group is linked to (`linked_parent`). */
  parent: Group | undefined = undefined
  /** The community's announcement group (`default_sub_group`). */
  readonly isAnnouncement: boolean
  /** Bumped at every change of the announcement setting (`v_id` / `a_v_id`). */
  announceVersion = 0
  /** Bumped at every membership change (`v_id` / `p_v_id`). */
  participantVersion = 0

  constructor(input: NewGroup) {
    this.id = input.id
    this.jid = `${input.id}@g.us`
    this.subject = input.subject
    this.creator = input.creator
    this.subjectOwner = input.creator
    this.creation = input.creation
    this.subjectTime = input.creation
    this.addressingMode = input.addressingMode
    this.community = input.community
    this.isAnnouncement = input.isAnnouncement ?? false
  }

  roleOf(account: Account): Role | undefined {
    return this.members.get(account)
  }

  isMember(account: Account): boolean {
    return this.members.has(account)
  }

  isAdmin(account: Account): boolean {
    const role = this.members.get(account)
    return role === "admin" || role === "superadmin"
  }

  get admins(): ReadonlyArray<Account> {
    return [...this.members.keys()].filter((account) => this.isAdmin(account))
  }

  /** The address the group uses for an account: its LID in a LID-addressed group, else its phone JID. */
  addressOf(account: Account): string {
    return this.addressingMode === "lid" ? account.lid : account.jid
  }
}
