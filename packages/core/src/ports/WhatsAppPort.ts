import { Context, type Effect, type Stream } from "effect"
import type {
  InviteInvalid,
  NotACommunity,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  NotOnWhatsApp,
  SessionNotConnected,
  WhatsAppFailure
} from "../domain/errors.ts"
import type { ChatPresence } from "../domain/ChatPresence.ts"
import type { GroupInfo, GroupSettingsPatch } from "../domain/Group.ts"
import type { SessionId, WaMessageId } from "../domain/Ids.ts"
import type { InboundChange } from "../domain/InboundChange.ts"
import type { InviteCode } from "../domain/InviteCode.ts"
import type { GroupJid, PhoneJid, Recipient, UserJid } from "../domain/Jid.ts"
import type { JoinRequest, JoinRequestAction, ParticipantAction, ParticipantOutcome } from "../domain/Participant.ts"
import type { OutboundMessage } from "../domain/OutboundMessage.ts"
import type { Connection, QrCode } from "../domain/Session.ts"

/**
 * How a WhatsApp call can fail, by what it is about, so each use-case's errors (and each endpoint's) are the ones
 * it can really meet. About the session itself, or making something new: the session is not connected, or
 * WhatsApp failed.
 */
export type SessionCallError = SessionNotConnected | WhatsAppFailure

/** About one group: also the group is unknown, the session is not in it, or not an admin where that is needed. */
export type GroupCallError = SessionCallError | NotFound | NotGroupMember | NotGroupAdmin

/** Sending a message: also the recipient has no WhatsApp account. */
export type SendCallError = GroupCallError | NotOnWhatsApp

/** With an invite code: also WhatsApp does not know the code. */
export type InviteCallError = SessionCallError | InviteInvalid

/** Every way a WhatsApp call can fail that the core must tell apart. */
export type WhatsAppError = SendCallError | InviteCallError

export interface NewGroup {
  readonly subject: string
  readonly participants: ReadonlyArray<UserJid>
  readonly description?: string | undefined
  readonly settings?: GroupSettingsPatch | undefined
}

export interface CreatedGroup {
  /** The group as created, with the members that were actually added. */
  readonly group: GroupInfo
  /**
   * One result per requested participant (`added`, `invite_sent`, `not_on_whatsapp`, …), with the participant as
   * the group addresses it where WhatsApp told it.
   */
  readonly results: ReadonlyArray<ParticipantOutcome>
}

export interface NewCommunity {
  readonly subject: string
  readonly description?: string | undefined
  readonly participants: ReadonlyArray<UserJid>
}

export interface CreatedCommunityGroups {
  readonly community: GroupInfo
  readonly announcement: GroupInfo
  readonly results: ReadonlyArray<ParticipantOutcome>
}

export interface InvitePreview {
  readonly groupJid: GroupJid
  readonly subject: string
  readonly description: string | null
  readonly size: number
}

/** Joining by invite either makes the account a member, or queues a request when the group needs approval. */
export interface JoinOutcome {
  readonly groupJid: GroupJid
  readonly pendingApproval: boolean
}

/** A received message to mark read: its id and its sender as the chat addresses it. */
export interface ReadMessage {
  readonly waMessageId: WaMessageId
  readonly sender: UserJid
}

export interface SentMessage {
  readonly waMessageId: WaMessageId
}

/**
 * The live side of WhatsApp, per session. Every method talks to WhatsApp except `connection`, which reads the
 * adapter's local view of the socket. Adapters push what WhatsApp tells a session through `changes`.
 */
export class WhatsAppPort extends Context.Service<WhatsAppPort, {
  /** Starts (or resumes) the session's connection; returns the state right after. */
  readonly start: (sessionId: SessionId) => Effect.Effect<Connection, WhatsAppFailure>
  /** The local connection state; no network. */
  readonly connection: (sessionId: SessionId) => Effect.Effect<Connection>
  /**
   * Whether the adapter holds credentials WhatsApp accepted for the session (paired, not logged out), socket open
   * or not: a socket opened for it logs in without a QR. No network.
   */
  readonly linked: (sessionId: SessionId) => Effect.Effect<boolean>
  readonly requestQr: (sessionId: SessionId) => Effect.Effect<QrCode, SessionCallError>
  readonly requestPairingCode: (sessionId: SessionId, phone: PhoneJid) => Effect.Effect<string, SessionCallError>
  /** Unlinks the device; the session must be paired again to reconnect. */
  readonly logout: (sessionId: SessionId) => Effect.Effect<void, WhatsAppFailure>
  /** Logs out and forgets everything the adapter holds for the session. */
  readonly remove: (sessionId: SessionId) => Effect.Effect<void, WhatsAppFailure>
  /**
   * Closes the session's socket in this process without logging out, and tells nothing: the session stays linked,
   * and `start` (here or in another process) opens it again. For handing a session over to another owner.
   */
  readonly release: (sessionId: SessionId) => Effect.Effect<void>

  readonly createGroup: (sessionId: SessionId, group: NewGroup) => Effect.Effect<CreatedGroup, SessionCallError>
  readonly groupMetadata: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<GroupInfo, GroupCallError>
  /**
   * Every group the session's account is a participant of, in ONE call to WhatsApp (a resync of all groups must
   * never cost one call per group). Communities and announcement groups are included as WhatsApp lists them.
   */
  readonly participatingGroups: (sessionId: SessionId) => Effect.Effect<ReadonlyArray<GroupInfo>, SessionCallError>
  readonly updateSubject: (sessionId: SessionId, groupJid: GroupJid, subject: string) => Effect.Effect<void, GroupCallError>
  readonly updateDescription: (
    sessionId: SessionId,
    groupJid: GroupJid,
    description: string | null
  ) => Effect.Effect<void, GroupCallError>
  readonly updateSettings: (
    sessionId: SessionId,
    groupJid: GroupJid,
    settings: GroupSettingsPatch
  ) => Effect.Effect<void, GroupCallError>
  readonly leaveGroup: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<void, GroupCallError>
  /**
   * One outcome per participant, in the order asked, `jid` as asked; `member` names the participant as the group
   * addresses it, with its twins, where WhatsApp told them.
   */
  readonly updateParticipants: (
    sessionId: SessionId,
    groupJid: GroupJid,
    action: ParticipantAction,
    participants: ReadonlyArray<UserJid>
  ) => Effect.Effect<ReadonlyArray<ParticipantOutcome>, GroupCallError>

  readonly inviteCode: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<InviteCode, GroupCallError>
  readonly revokeInvite: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<InviteCode, GroupCallError>
  readonly acceptInvite: (sessionId: SessionId, code: InviteCode) => Effect.Effect<JoinOutcome, InviteCallError>
  readonly inviteInfo: (sessionId: SessionId, code: InviteCode) => Effect.Effect<InvitePreview, InviteCallError>

  readonly joinRequests: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<ReadonlyArray<JoinRequest>, GroupCallError>
  /** As `updateParticipants`: one outcome per participant, `member` where WhatsApp told it. */
  readonly updateJoinRequests: (
    sessionId: SessionId,
    groupJid: GroupJid,
    action: JoinRequestAction,
    participants: ReadonlyArray<UserJid>
  ) => Effect.Effect<ReadonlyArray<ParticipantOutcome>, GroupCallError>

  readonly createCommunity: (sessionId: SessionId, community: NewCommunity) => Effect.Effect<CreatedCommunityGroups, SessionCallError>
  /** `NotACommunity` when `communityJid` is a plain group. */
  readonly linkGroup: (
    sessionId: SessionId,
    communityJid: GroupJid,
    groupJid: GroupJid
  ) => Effect.Effect<void, GroupCallError | NotACommunity>
  /** `NotACommunity` when `communityJid` is a plain group. */
  readonly unlinkGroup: (
    sessionId: SessionId,
    communityJid: GroupJid,
    groupJid: GroupJid
  ) => Effect.Effect<void, GroupCallError | NotACommunity>

  readonly send: (sessionId: SessionId, message: OutboundMessage) => Effect.Effect<SentMessage, SendCallError>
  /**
   * Shows the account typing or recording in a chat, or stops showing it. WhatsApp answers nothing to it, so
   * only the session's own state can make it fail.
   */
  readonly sendPresence: (sessionId: SessionId, chat: Recipient, state: ChatPresence) => Effect.Effect<void, SessionCallError>
  /** Sends read receipts for messages the session received in a chat (each named with its sender, as a group needs). */
  readonly markRead: (sessionId: SessionId, chat: Recipient, messages: ReadonlyArray<ReadMessage>) => Effect.Effect<void, SessionCallError>

  /** Everything WhatsApp pushes to any session of this process. */
  readonly changes: Stream.Stream<InboundChange>
}>()("@wagate/core/WhatsAppPort") {}

