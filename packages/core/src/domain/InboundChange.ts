import { Data } from "effect"
import type { SessionId, WaMessageId } from "./Ids.ts"
import type { GroupJid, UserJid } from "./Jid.ts"
import type { GroupInfo, GroupSettingsPatch } from "./Group.ts"
import type { ParticipantAction } from "./Participant.ts"
import type { SessionStatus } from "./Session.ts"
import type { MessageStatus } from "./SendResult.ts"

/**
 * Something WhatsApp pushed to one session: the core applies it to that session's stored view, so reads stay
 * true without asking WhatsApp.
 */
export type InboundChange = Data.TaggedEnum<{
  /** The connection of a session changed. */
  SessionStatusChanged: { readonly sessionId: SessionId; readonly status: SessionStatus; readonly phoneJid: UserJid | null }
  /** The session learned a whole group: it was added or joined, or metadata was refreshed. */
  GroupSeen: { readonly sessionId: SessionId; readonly group: GroupInfo }
  /** Subject, description or settings of a group changed. */
  GroupChanged: {
    readonly sessionId: SessionId
    readonly groupJid: GroupJid
    readonly subject?: string
    readonly description?: string | null
    readonly settings?: GroupSettingsPatch
  }
  /** Participants were added, removed, promoted or demoted (a member leaving is a remove of itself). */
  ParticipantsChanged: {
    readonly sessionId: SessionId
    readonly groupJid: GroupJid
    readonly action: ParticipantAction
    readonly participants: ReadonlyArray<UserJid>
  }
  /** A group was linked to or unlinked from a community. */
  CommunityLinkChanged: {
    readonly sessionId: SessionId
    readonly communityJid: GroupJid
    readonly groupJid: GroupJid
    readonly linked: boolean
  }
  /** A receipt for a message this session sent. */
  MessageStatusChanged: { readonly sessionId: SessionId; readonly waMessageId: WaMessageId; readonly status: MessageStatus }
}>

export const InboundChange = Data.taggedEnum<InboundChange>()
