import { Context, type Effect, type Option } from "effect"
import type { Community } from "../../domain/Community.ts"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { Group, GroupInfo, GroupPatch } from "../../domain/Group.ts"
import type { Timestamp } from "../../domain/Ids.ts"
import type { GroupJid, UserJid } from "../../domain/Jid.ts"
import type { Member } from "../../domain/Member.ts"
import type { PageQuery, PageResult } from "../../domain/Page.ts"
import type { ParticipantAction } from "../../domain/Participant.ts"
import type { SessionOwner } from "../../domain/Session.ts"

/**
 * Each session's stored view of its groups, members and communities. Every method is scoped by the owning
 * organisation and session; reads never talk to WhatsApp.
 */
export class GroupStore extends Context.Service<GroupStore, {
  /** Writes the group and replaces its member list in one step; clears `left`. */
  readonly upsert: (owner: SessionOwner, group: GroupInfo, at: Timestamp) => Effect.Effect<Group, StoreUnavailable>
  readonly get: (owner: SessionOwner, groupJid: GroupJid) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Groups (not community parents) ordered by JID. */
  readonly list: (owner: SessionOwner, page: PageQuery) => Effect.Effect<PageResult<Group>, StoreUnavailable>
  /** Applies a metadata change; `None` when the group is not stored. */
  readonly patch: (
    owner: SessionOwner,
    groupJid: GroupJid,
    patch: GroupPatch,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Marks the group left: it stays readable. */
  readonly markLeft: (owner: SessionOwner, groupJid: GroupJid, at: Timestamp) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
  /** Members ordered by JID. */
  readonly members: (owner: SessionOwner, groupJid: GroupJid, page: PageQuery) => Effect.Effect<PageResult<Member>, StoreUnavailable>
  readonly member: (owner: SessionOwner, groupJid: GroupJid, jid: UserJid) => Effect.Effect<Option.Option<Member>, StoreUnavailable>
  /**
   * Applies a participant change: `add` inserts members (kept as they are when present), `remove` deletes,
   * `promote` makes admins, `demote` makes members (a superadmin stays one). Idempotent.
   */
  readonly applyParticipants: (
    owner: SessionOwner,
    groupJid: GroupJid,
    action: ParticipantAction,
    participants: ReadonlyArray<UserJid>,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Group>, StoreUnavailable>
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
