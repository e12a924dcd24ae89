import { Context, type Effect, type Option } from "effect"
import type { Community } from "../../domain/Community.ts"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { Group, GroupInfo, GroupPatch } from "../../domain/Group.ts"
import type { Timestamp } from "../../domain/Ids.ts"
import type { GroupJid, TwinPair, UserJid } from "../../domain/Jid.ts"
import type { Member, ParticipantRef } from "../../domain/Member.ts"
import type { GroupListJson, PageQuery, PageResult } from "../../domain/Page.ts"
import type { ParticipantAction } from "../../domain/Participant.ts"
import type { SessionOwner } from "../../domain/Session.ts"

/**
 * Each session's stored view of its groups, members and communities. Every method is scoped by the owning
 * organisation and session; reads never talk to WhatsApp.
 *
 * Members have two identities (twins): a phone JID and a LID. A member is stored under the address its group
 * uses (`jid`), with every twin the session knows: the store keeps the phone ↔ LID pairs it learns (from
 * members WhatsApp described with both, and `learnTwins`) per session, and fills them into every group's
 * members, now and later. Every method that takes a user matches it by any of the member's forms.
 */
export class GroupStore extends Context.Service<GroupStore, {
  /**
   * Writes the group and replaces its member list in one step; clears `left`. Members given with both twins teach
   * the session that pair; missing twins are filled from the pairs learned before.
   */
  readonly upsert: (owner: SessionOwner, group: GroupInfo, at: Timestamp) => Effect.Effect<Group, StoreUnavailable>
  readonly get: (owner: SessionOwner, groupJid: GroupJid) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Groups (not community parents) ordered by JID. */
  readonly list: (owner: SessionOwner, page: PageQuery) => Effect.Effect<PageResult<Group>, StoreUnavailable>
  /**
   * The page `list` answers, as JSON text in the wire form (`Group`), checking in the same read that the
   * organisation's session is stored (never `NoGroup`) (ADR 0033).
   */
  readonly listJson: (owner: SessionOwner, page: PageQuery) => Effect.Effect<GroupListJson, StoreUnavailable>
  /** Applies a metadata change; `None` when the group is not stored. */
  readonly patch: (
    owner: SessionOwner,
    groupJid: GroupJid,
    patch: GroupPatch,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Marks the group left: it stays readable. */
  readonly markLeft: (owner: SessionOwner, groupJid: GroupJid, at: Timestamp) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Members ordered by `jid`, with their twins where known. */
  readonly members: (owner: SessionOwner, groupJid: GroupJid, page: PageQuery) => Effect.Effect<PageResult<Member>, StoreUnavailable>
  /**
   * The page `members` answers, as JSON text in the wire form (`Member`), checking in the same read that the
   * organisation's session and its group are stored: the hot stored read in one step (ADR 0033).
   */
  readonly membersJson: (owner: SessionOwner, groupJid: GroupJid, page: PageQuery) => Effect.Effect<GroupListJson, StoreUnavailable>
  /** The member named by `jid` in any of its forms: its address in the group, its phone JID or its LID. */
  readonly member: (owner: SessionOwner, groupJid: GroupJid, jid: UserJid) => Effect.Effect<Option.Option<Member>, StoreUnavailable>
  /**
   * Applies a participant change, matching each participant to a stored member by any of its forms (`jid`, or the
   * twins given with it): `add` inserts absent members under `jid` (present ones are kept as they are), `remove`
   * deletes, `promote` makes admins, `demote` makes members (a superadmin stays one). Twins given with both forms
   * are learned as by `learnTwins`. Idempotent.
   */
  readonly applyParticipants: (
    owner: SessionOwner,
    groupJid: GroupJid,
    action: ParticipantAction,
    participants: ReadonlyArray<ParticipantRef>,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /**
   * Learns that each phone JID and LID belong to one user (a later pair for the same phone JID or LID replaces
   * the earlier one), and fills the twins into the session's members that lack them, in every group.
   */
  readonly learnTwins: (owner: SessionOwner, pairs: ReadonlyArray<TwinPair>, at: Timestamp) => Effect.Effect<void, StoreUnavailable>
  /** Links (`communityJid`) or unlinks (`null`) a group from a community. */
  readonly setParent: (
    owner: SessionOwner,
    groupJid: GroupJid,
    communityJid: GroupJid | null,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Community parents ordered by JID, with their announcement and linked groups. */
  readonly communities: (owner: SessionOwner, page: PageQuery) => Effect.Effect<PageResult<Community>, StoreUnavailable>
}>()("@wagate/core/GroupStore") {}
