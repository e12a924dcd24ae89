import { Context, type Effect, type Stream } from "effect"
import type {
  InviteInvalid,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  SessionNotConnected,
  WhatsAppFailure
} from "../domain/errors.ts"
import type { GroupInfo, GroupSettingsPatch } from "../domain/Group.ts"
import type { SessionId, WaMessageId } from "../domain/Ids.ts"
import type { InboundChange } from "../domain/InboundChange.ts"
import type { InviteCode } from "../domain/InviteCode.ts"
import type { GroupJid, UserJid } from "../domain/Jid.ts"
import type { JoinRequest, JoinRequestAction, ParticipantAction, ParticipantResult } from "../domain/Participant.ts"
import type { OutboundMessage } from "../domain/SendRequest.ts"
import type { Connection, QrCode } from "../domain/Session.ts"

/** Every way a WhatsApp call can fail that the core must tell apart. */
export type WhatsAppError =
  | SessionNotConnected
  | NotGroupAdmin
  | NotGroupMember
  | NotFound
  | InviteInvalid
  | WhatsAppFailure

export interface NewGroup {
  readonly subject: string
  readonly participants: ReadonlyArray<UserJid>
  readonly description?: string | undefined
  readonly settings?: GroupSettingsPatch | undefined
}

export interface CreatedGroup {
  /** The group as created, with the members that were actually added. */
  readonly group: GroupInfo
  /** One result per requested participant (`added`, `invite_sent`, `not_on_whatsapp`, …). */
  readonly results: ReadonlyArray<ParticipantResult>
}

export interface NewCommunity {
  readonly subject: string
  readonly description?: string | undefined
  readonly participants: ReadonlyArray<UserJid>
}

export interface CreatedCommunityGroups {
  readonly community: GroupInfo
  readonly announcement: GroupInfo
  readonly results: ReadonlyArray<ParticipantResult>
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
  readonly requestQr: (sessionId: SessionId) => Effect.Effect<QrCode, WhatsAppError>
  readonly requestPairingCode: (sessionId: SessionId, phone: UserJid) => Effect.Effect<string, WhatsAppError>
  /** Unlinks the device; the session must be paired again to reconnect. */
  readonly logout: (sessionId: SessionId) => Effect.Effect<void, WhatsAppFailure>
  /** Logs out and forgets everything the adapter holds for the session. */
  readonly remove: (sessionId: SessionId) => Effect.Effect<void, WhatsAppFailure>

  readonly createGroup: (sessionId: SessionId, group: NewGroup) => Effect.Effect<CreatedGroup, WhatsAppError>
  readonly groupMetadata: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<GroupInfo, WhatsAppError>
  readonly updateSubject: (sessionId: SessionId, groupJid: GroupJid, subject: string) => Effect.Effect<void, WhatsAppError>
  readonly updateDescription: (
    sessionId: SessionId,
    groupJid: GroupJid,
    description: string | null
  ) => Effect.Effect<void, WhatsAppError>
  readonly updateSettings: (
    sessionId: SessionId,
    groupJid: GroupJid,
    settings: GroupSettingsPatch
  ) => Effect.Effect<void, WhatsAppError>
  readonly leaveGroup: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<void, WhatsAppError>
  readonly updateParticipants: (
    sessionId: SessionId,
    groupJid: GroupJid,
    action: ParticipantAction,
    participants: ReadonlyArray<UserJid>
  ) => Effect.Effect<ReadonlyArray<ParticipantResult>, WhatsAppError>

  readonly inviteCode: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<InviteCode, WhatsAppError>
  readonly revokeInvite: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<InviteCode, WhatsAppError>
  readonly acceptInvite: (sessionId: SessionId, code: InviteCode) => Effect.Effect<JoinOutcome, WhatsAppError>
  readonly inviteInfo: (sessionId: SessionId, code: InviteCode) => Effect.Effect<InvitePreview, WhatsAppError>

  readonly joinRequests: (sessionId: SessionId, groupJid: GroupJid) => Effect.Effect<ReadonlyArray<JoinRequest>, WhatsAppError>
  readonly updateJoinRequests: (
    sessionId: SessionId,
    groupJid: GroupJid,
    action: JoinRequestAction,
    participants: ReadonlyArray<UserJid>
  ) => Effect.Effect<ReadonlyArray<ParticipantResult>, WhatsAppError>

  readonly createCommunity: (sessionId: SessionId, community: NewCommunity) => Effect.Effect<CreatedCommunityGroups, WhatsAppError>
  readonly linkGroup: (sessionId: SessionId, communityJid: GroupJid, groupJid: GroupJid) => Effect.Effect<void, WhatsAppError>
  readonly unlinkGroup: (sessionId: SessionId, communityJid: GroupJid, groupJid: GroupJid) => Effect.Effect<void, WhatsAppError>

  readonly send: (sessionId: SessionId, message: OutboundMessage) => Effect.Effect<SentMessage, WhatsAppError>

  /** Everything WhatsApp pushes to any session of this process. */
  readonly changes: Stream.Stream<InboundChange>
}>()("@wagate/core/WhatsAppPort") {}

