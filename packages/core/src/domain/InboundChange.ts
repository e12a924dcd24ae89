import { Data } from "effect"
import type { MessageBody } from "./ChatMessage.ts"
import type { SessionId, Timestamp, WaMessageId } from "./Ids.ts"
import type { GroupJid, LidJid, PhoneJid, Recipient, TwinPair, UserJid } from "./Jid.ts"
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
/** A message as WhatsApp delivered it to a session, before the core stores it. */
export interface IncomingMessage {
  /** The group, or the other party of a direct chat. */
  readonly chatJid: Recipient
  /** Sent by the session's own account (through this device or another of its devices). */
  readonly fromMe: boolean
  /**
   * The session's own send through wagate, as the transport saw it go out: stored for the chat's history, and told
   * by the send's `message.status` events only.
   */
  readonly echo: boolean
  /** The sender, as WhatsApp addressed it, with the twins it gave. */
  readonly from: ParticipantRef
  readonly waMessageId: WaMessageId
  readonly timestamp: Timestamp
  readonly body: MessageBody
  readonly replyTo: WaMessageId | null
  readonly mentions: ReadonlyArray<UserJid>
}

/** Who changed an earlier message, where, and when (an edit or a deletion for everyone). */
export interface MessageRevision {
  readonly chatJid: Recipient
  readonly fromMe: boolean
  readonly from: ParticipantRef
  /** The message changed. */
  readonly targetWaMessageId: WaMessageId
  readonly timestamp: Timestamp
}

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
  /**
   * A message arrived in one of the session's chats: from someone else, or sent by the session's account (the echo
   * of a send, or a message typed on another of its devices). A reaction is a message whose body is the reaction.
   */
  MessageReceived: { readonly sessionId: SessionId; readonly message: IncomingMessage }
  /** The sender edited an earlier message: `body` is its new content. */
  MessageEdited: { readonly sessionId: SessionId; readonly revision: MessageRevision; readonly body: MessageBody }
  /** The sender (or a group admin) deleted an earlier message for everyone. */
  MessageDeleted: { readonly sessionId: SessionId; readonly revision: MessageRevision }
  /** Someone voted on a poll the session sent (decrypted by the transport): the options they chose now. */
  PollVoted: {
    readonly sessionId: SessionId
    readonly pollWaMessageId: WaMessageId
    readonly voter: ParticipantRef
    readonly selected: ReadonlyArray<string>
    readonly timestamp: Timestamp
  }
}>

export const InboundChange = Data.taggedEnum<InboundChange>()
