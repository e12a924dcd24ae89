import { Data } from "effect"
import type { SessionId, WaMessageId } from "./Ids.ts"
import type { GroupJid, LidJid, PhoneJid, TwinPair, UserJid } from "./Jid.ts"
import type { GroupInfo, GroupSettingsPatch } from "./Group.ts"
import type { ParticipantRef } from "./Member.ts"
import type { ParticipantAction } from "./Participant.ts"
import type { JoinRequestChange } from "./Event.ts"
import type { SessionStatus } from "./Session.ts"
import type { MessageStatus } from "./SendResult.ts"

/**
 * Something WhatsApp pushed to one session: the core applies it to that session's stored view, so reads stay
 * true without asking WhatsApp.
 */
export type InboundChange = Data.TaggedEnum<{
  /** The connection of a session changed. */
  SessionStatusChanged: {
    readonly sessionId: SessionId
    readonly status: SessionStatus
    readonly phoneJid: PhoneJid | null
    /** The account's LID when WhatsApp has told it (`null` otherwise). */
    readonly lid: LidJid | null
  }
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
  /**
   * Participants were added, removed, promoted or demoted (a member leaving is a remove of itself). Each
   * participant is named by its address in the group (`jid`: a phone JID, or a LID in a LID-addressed group),
   * with `phoneJid`/`lid` where WhatsApp gave the twin (e.g. Baileys' `phoneNumber`/`lid` of a participant).
   */
  ParticipantsChanged: {
    readonly sessionId: SessionId
    readonly groupJid: GroupJid
    readonly action: ParticipantAction
    readonly participants: ReadonlyArray<ParticipantRef>
    /** Who made the change, when WhatsApp says (absent or `null` when it does not). */
    readonly author?: UserJid | null | undefined
  }
  /**
   * A request to join a group that needs approval was made (`created`), decided by an admin (`approved`,
   * `rejected`) or withdrawn by the requester (`cancelled`); told to the group's admins. The requester is named as
   * in `ParticipantsChanged`. Nothing is stored but the event: join requests are read live.
   */
  JoinRequestChanged: {
    readonly sessionId: SessionId
    readonly groupJid: GroupJid
    readonly participant: ParticipantRef
    readonly action: JoinRequestChange
  }
  /**
   * The session learned that phone JIDs and LIDs belong together (e.g. Baileys' `lid-mapping.update`): the store
   * keeps the pairs for every group of the session and fills in the members' missing twins.
   */
  LidMappingLearned: { readonly sessionId: SessionId; readonly pairs: ReadonlyArray<TwinPair> }
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
