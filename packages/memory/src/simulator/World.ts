import type {
  ChatPresence,
  GroupInfo,
  GroupJid,
  GroupKind,
  GroupSettings,
  InboundChange,
  InviteCode,
  JoinRequest,
  PhoneJid,
  Recipient,
  Role,
  SessionId,
  SessionStatus,
  Timestamp,
  UserJid,
  WaMessageId
} from "@wagate/core"
import { type Addressing, refIn } from "./lids.ts"

export type { Addressing } from "./lids.ts"

/** A member as the simulated server holds it: the account (its phone JID) and its role. */
export interface SimMember {
  readonly jid: PhoneJid
  readonly role: Role
}

/** A group (or community, or announcement group) as the simulated WhatsApp server holds it. */
export interface SimGroup {
  readonly jid: GroupJid
  readonly subject: string
  readonly description: string | null
  readonly ownerJid: PhoneJid
  /** How the group names its members in metadata and notifications. */
  readonly addressing: Addressing
  readonly createdAt: Timestamp
  readonly settings: GroupSettings
  readonly kind: GroupKind
  readonly parentJid: GroupJid | null
  /** For a community: its announcement group. */
  readonly announcementJid: GroupJid | null
  readonly members: ReadonlyArray<SimMember>
  /** Made on first request; revoking replaces it. */
  readonly inviteCode: InviteCode | null
  readonly joinRequests: ReadonlyArray<JoinRequest>
}

/** One session of the process: the device linked to an account (a phone JID). */
export interface SimSession {
  readonly id: SessionId
  readonly status: SessionStatus
  /** The linked account; null while no device is linked (never linked, or logged out). */
  readonly phoneJid: PhoneJid | null
  /** The phone given with a pairing code: the account the session links to when pairing completes. */
  readonly pairingPhone: PhoneJid | null
  /** Changes WhatsApp holds for the session while it is offline, delivered when it connects. */
  readonly pending: ReadonlyArray<InboundChange>
}

/** A typing or recording state a session showed in a chat, as the recipients' phones would see it. */
export interface SentPresence {
  readonly sessionId: SessionId
  readonly chat: Recipient
  readonly state: ChatPresence
}

/** A read receipt a session sent for a message it received. */
export interface SentRead {
  readonly sessionId: SessionId
  readonly chat: Recipient
  readonly waMessageId: WaMessageId
  readonly sender: UserJid
}

/** The whole simulated WhatsApp: every group, every session of the process, and the live invite codes. */
export interface World {
  readonly groups: ReadonlyMap<GroupJid, SimGroup>
  readonly sessions: ReadonlyMap<SessionId, SimSession>
  readonly invites: ReadonlyMap<InviteCode, GroupJid>
  readonly groupSeq: number
  /** How the groups created from now on address their members (ADR 0023: LIDs unless told otherwise). */
  readonly addressing: Addressing
  /** The latest presences sessions showed in chats, oldest first; tests read them through `Simulator.presences`. */
  readonly presences: ReadonlyArray<SentPresence>
  /** The read receipts sessions sent, oldest first (the latest ones); tests read them through `Simulator.reads`. */
  readonly reads: ReadonlyArray<SentRead>
  /** How many messages virtual users have sent: their WhatsApp ids count up. */
  readonly messageSeq: number
}

export const emptyWorld: World = {
  groups: new Map(),
  sessions: new Map(),
  invites: new Map(),
  groupSeq: 0,
  addressing: "lid",
  presences: [],
  reads: [],
  messageSeq: 0
}

/** What an operation did: its result, the world after it, and the changes WhatsApp pushes to sessions. */
export interface Step<A> {
  readonly result: A
  readonly world: World
  readonly changes: ReadonlyArray<InboundChange>
}

export const step = <A>(world: World, result: A, changes: ReadonlyArray<InboundChange> = []): Step<A> => ({
  result,
  world,
  changes
})

export const withGroup = (world: World, group: SimGroup): World => ({
  ...world,
  groups: new Map(world.groups).set(group.jid, group)
})

export const withSession = (world: World, session: SimSession): World => ({
  ...world,
  sessions: new Map(world.sessions).set(session.id, session)
})

export const withoutSession = (world: World, sessionId: SessionId): World => {
  const sessions = new Map(world.sessions)
  sessions.delete(sessionId)
  return { ...world, sessions }
}

export const memberOf = (group: SimGroup, jid: PhoneJid): SimMember | undefined => group.members.find((m) => m.jid === jid)

export const memberJids = (group: SimGroup): ReadonlyArray<PhoneJid> => group.members.map((m) => m.jid)

/** The group as WhatsApp describes it to a participant. */
export const toGroupInfo = (group: SimGroup): GroupInfo => ({
  groupJid: group.jid,
  subject: group.subject,
  description: group.description,
  ownerJid: group.ownerJid,
  createdAt: group.createdAt,
  settings: group.settings,
  kind: group.kind,
  parentJid: group.parentJid,
  members: group.members.map((member) => ({ ...refIn(group.addressing, member.jid), role: member.role }))
})

/** The sessions linked to any of `accounts`, except the one that acted (it knows what it did). */
export const sessionsOf = (
  world: World,
  accounts: Iterable<PhoneJid>,
  except: SessionId | null
): ReadonlyArray<SessionId> => {
  const wanted = new Set(accounts)
  const out: Array<SessionId> = []
  for (const session of world.sessions.values()) {
    if (session.id !== except && session.phoneJid !== null && wanted.has(session.phoneJid)) out.push(session.id)
  }
  return out
}

/** One change per session linked to `accounts` (except the actor), built by `make`. */
export const notify = (
  world: World,
  accounts: Iterable<PhoneJid>,
  except: SessionId | null,
  make: (sessionId: SessionId) => InboundChange
): ReadonlyArray<InboundChange> => sessionsOf(world, accounts, except).map(make)
