import {
  distinctRefs,
  formsOf,
  groupFromInfo,
  type Community,
  type Group,
  type GroupInfo,
  GroupJid,
  GroupKind,
  type GroupListJson,
  type GroupPatch,
  GroupSettings,
  GroupStore,
  Member as MemberSchema,
  type MemberInfo,
  type PageQuery,
  pairsOf,
  type ParticipantAction,
  type ParticipantRef,
  refTwins,
  type SessionOwner,
  type Timestamp,
  type TwinPair,
  UserJid
} from "@wagate/core"
import { Array as Arr, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, whenSessionGone } from "../errors.ts"
import { toPage } from "./paging.ts"
import { isoTimestamp, JsonPageFields, jsonPageColumns, toJsonPageResult } from "./jsonPage.ts"
import { decodeRows, TimestampColumn } from "./rows.ts"
import { wholeTransaction } from "./transaction.ts"

const GroupRow = Schema.Struct({
  group_jid: GroupJid,
  kind: GroupKind,
  parent_jid: Schema.NullOr(GroupJid),
  subject: Schema.String,
  description: Schema.NullOr(Schema.String),
  owner_jid: Schema.NullOr(UserJid),
  settings: GroupSettings,
  has_left: Schema.Boolean,
  participants: Schema.Int,
  created_at: TimestampColumn
})

const CommunityRow = Schema.Struct({
  group_jid: GroupJid,
  subject: Schema.String,
  announcement_jid: Schema.NullOr(GroupJid),
  linked: Schema.Array(GroupJid)
})

const toGroup = (row: typeof GroupRow.Type): Group => ({
  groupJid: row.group_jid,
  subject: row.subject,
  description: row.description,
  ownerJid: row.owner_jid,
  participants: row.participants,
  isAnnounce: row.settings.isAnnounce,
  isLocked: row.settings.isLocked,
  joinApproval: row.settings.joinApproval,
  memberAddMode: row.settings.memberAddMode,
  createdAt: row.created_at,
  left: row.has_left
})

const toCommunity = (row: typeof CommunityRow.Type): Community => ({
  communityJid: row.group_jid,
  subject: row.subject,
  announcementGroupJid: row.announcement_jid,
  groups: row.linked
})

const decodeGroups = decodeRows(GroupRow)
const MemberRow = Schema.Struct({
  jid: UserJid,
  phone_jid: MemberSchema.fields.phoneJid,
  lid: MemberSchema.fields.lid,
  role: MemberSchema.fields.role
})
const decodeMemberRows = decodeRows(MemberRow)
const decodeMembers = (rows: ReadonlyArray<unknown>) =>
  Effect.map(decodeMemberRows(rows), Arr.map((row) => ({ jid: row.jid, phoneJid: row.phone_jid, lid: row.lid, role: row.role })))
const decodeCommunities = decodeRows(CommunityRow)
const ListJsonRow = Schema.Struct({ has_session: Schema.Boolean, has_group: Schema.Boolean, ...JsonPageFields })
const decodeListJson = decodeRows(ListJsonRow)

/** A member listed twice counts once, the last entry winning (as the memory store does). */
const distinctMembers = (members: ReadonlyArray<MemberInfo>): ReadonlyMap<UserJid, MemberInfo> =>
  new Map(members.map((member) => [member.jid, member]))

/**
 * Column arrays for `unnest`: each participant's address and the twins it names, `''` where unknown (the driver
 * cannot type an array of nulls alone; `twinColumns` turns `''` back into NULL).
 */
const columnsOf = (refs: ReadonlyArray<ParticipantRef>) => ({
  jids: refs.map((ref) => ref.jid),
  phones: refs.map((ref) => refTwins(ref).phoneJid ?? ""),
  lids: refs.map((ref) => refTwins(ref).lid ?? "")
})

/** One pair per phone JID and per LID, the last winning (a later pair replaces a conflicting one). */
const distinctPairs = (pairs: ReadonlyArray<TwinPair>): Array<TwinPair> => {
  const byLid = new Map(pairs.map((pair) => [pair.lid, pair]))
  return Array.from(new Map(Array.from(byLid.values(), (pair) => [pair.phoneJid, pair])).values())
}

/**
 * `GroupStore` over Postgres. Every statement is scoped by organisation and session. A write that changes
 * members runs in one short transaction that first locks the group's row, so concurrent writes to one group
 * queue behind each other and each sees the members the previous one left (the participant count included).
 */
export const GroupStorePg = Layer.effect(
  GroupStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const transaction = wholeTransaction(sql)
    const columns = sql`group_jid, kind, parent_jid, subject, description, owner_jid, settings, has_left, participants, created_at`
    const ownedBy = (owner: SessionOwner) => sql`org_id = ${owner.orgId} AND session_id = ${owner.sessionId}`
    const theGroup = (owner: SessionOwner, groupJid: GroupJid) => sql`${ownedBy(owner)} AND group_jid = ${groupJid}`
    const groups = (rows: ReadonlyArray<unknown>) => Effect.map(decodeGroups(rows), Arr.map(toGroup))
    const memberColumns = sql`jid, phone_jid, lid, role`
    /** Members matching any of `forms` by address or twin. */
    const namedBy = (forms: ReadonlyArray<string>) =>
      sql`(jid = ANY (${forms}::text[]) OR phone_jid = ANY (${forms}::text[]) OR lid = ANY (${forms}::text[]))`

    /** Records the pairs for the session and fills them into its members that lack them, in every group. */
    const learnPairs = (owner: SessionOwner, learned: ReadonlyArray<TwinPair>, at: Timestamp) =>
      Effect.gen(function*() {
        const pairs = distinctPairs(learned)
        if (pairs.length === 0) return
        const phones = pairs.map((pair) => pair.phoneJid)
        const lids = pairs.map((pair) => pair.lid)
        yield* sql`
          DELETE FROM user_twins
          WHERE ${ownedBy(owner)} AND (phone_jid = ANY (${phones}::text[]) OR lid = ANY (${lids}::text[]))`
        yield* sql`
          INSERT INTO user_twins (org_id, session_id, phone_jid, lid, learned_at)
          SELECT ${owner.orgId}::text, ${owner.sessionId}::text, t.phone_jid, t.lid, ${at}::timestamptz
          FROM unnest(${phones}::text[], ${lids}::text[]) AS t (phone_jid, lid)
          ON CONFLICT DO NOTHING`
        yield* sql`
          UPDATE members m SET lid = t.lid
          FROM unnest(${phones}::text[], ${lids}::text[]) AS t (phone_jid, lid)
          WHERE m.org_id = ${owner.orgId} AND m.session_id = ${owner.sessionId} AND m.phone_jid = t.phone_jid AND m.lid IS NULL`
        yield* sql`
          UPDATE members m SET phone_jid = t.phone_jid
          FROM unnest(${phones}::text[], ${lids}::text[]) AS t (phone_jid, lid)
          WHERE m.org_id = ${owner.orgId} AND m.session_id = ${owner.sessionId} AND m.lid = t.lid AND m.phone_jid IS NULL`
      })

    /** Fills the twins the session learned before into the group's members that lack them. */
    const fillGroup = (owner: SessionOwner, groupJid: GroupJid) =>
      Effect.gen(function*() {
        yield* sql`
          UPDATE members m SET lid = t.lid FROM user_twins t
          WHERE m.org_id = ${owner.orgId} AND m.session_id = ${owner.sessionId} AND m.group_jid = ${groupJid}
            AND m.lid IS NULL AND t.session_id = m.session_id AND t.phone_jid = m.phone_jid`
        yield* sql`
          UPDATE members m SET phone_jid = t.phone_jid FROM user_twins t
          WHERE m.org_id = ${owner.orgId} AND m.session_id = ${owner.sessionId} AND m.group_jid = ${groupJid}
            AND m.phone_jid IS NULL AND t.session_id = m.session_id AND t.lid = m.lid`
      })
    const first = (rows: ReadonlyArray<unknown>) => Effect.map(groups(rows), Arr.head)

    const upsert = Effect.fn("GroupStorePg.upsert")(function*(owner: SessionOwner, info: GroupInfo, at: Timestamp) {
      const members = distinctMembers(info.members)
      const listed = Array.from(members.values())
      const { jids, lids, phones } = columnsOf(listed)
      const roles = listed.map((member) => member.role)
      const write = Effect.gen(function*() {
        // The upsert locks the group's row until commit: a concurrent upsert of the group waits here.
        const rows = yield* sql`
          INSERT INTO groups (org_id, session_id, group_jid, kind, parent_jid, subject, description, owner_jid,
                              settings, has_left, participants, created_at, updated_at)
          VALUES (${owner.orgId}, ${owner.sessionId}, ${info.groupJid}, ${info.kind}, ${info.parentJid}, ${info.subject},
                  ${info.description}, ${info.ownerJid}, ${JSON.stringify(info.settings)}::jsonb, false, ${members.size},
                  ${info.createdAt}, ${at})
          ON CONFLICT (org_id, session_id, group_jid) DO UPDATE SET
            kind = excluded.kind, parent_jid = excluded.parent_jid, subject = excluded.subject,
            description = excluded.description, owner_jid = excluded.owner_jid, settings = excluded.settings,
            has_left = false, participants = excluded.participants, created_at = excluded.created_at,
            updated_at = excluded.updated_at
          RETURNING ${columns}`
        yield* sql`DELETE FROM members WHERE ${theGroup(owner, info.groupJid)} AND jid <> ALL (${jids}::text[])`
        if (jids.length > 0) {
          yield* sql`
            INSERT INTO members (org_id, session_id, group_jid, jid, phone_jid, lid, role)
            SELECT ${owner.orgId}::text, ${owner.sessionId}::text, ${info.groupJid}::text, m.jid, NULLIF(m.phone_jid, ''),
                   NULLIF(m.lid, ''), m.role
            FROM unnest(${jids}::text[], ${phones}::text[], ${lids}::text[], ${roles}::text[]) AS m (jid, phone_jid, lid, role)
            ON CONFLICT (session_id, group_jid, jid) DO UPDATE SET role = excluded.role,
              phone_jid = COALESCE(excluded.phone_jid, members.phone_jid), lid = COALESCE(excluded.lid, members.lid)`
        }
        yield* learnPairs(owner, pairsOf(listed), at)
        yield* fillGroup(owner, info.groupJid)
        return rows
      })
      const rows = yield* transaction(write).pipe(whenSessionGone<ReadonlyArray<unknown>>([]))
      // No row: the session is gone, and the group with it; the caller still gets what it wrote.
      return Option.getOrElse(yield* first(rows), () => groupFromInfo(info, members.size))
    }, storeErrors)

    const get = Effect.fn("GroupStorePg.get")(function*(owner: SessionOwner, groupJid: GroupJid) {
      return yield* first(yield* sql`SELECT ${columns} FROM groups WHERE ${theGroup(owner, groupJid)}`)
    }, storeErrors)

    const list = Effect.fn("GroupStorePg.list")(function*(owner: SessionOwner, page: PageQuery) {
      const rows = yield* sql`
        SELECT ${columns} FROM groups
        WHERE ${ownedBy(owner)} AND kind <> 'community' ${page.after === null ? sql`` : sql`AND group_jid > ${page.after}`}
        ORDER BY group_jid
        LIMIT ${page.limit + 1}`
      return toPage(yield* groups(rows), page.limit, (group) => group.groupJid)
    }, storeErrors)

    const patch = Effect.fn("GroupStorePg.patch")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      change: GroupPatch,
      at: Timestamp
    ) {
      const sets = [sql`updated_at = ${at}`]
      if (change.subject !== undefined) sets.push(sql`subject = ${change.subject}`)
      if (change.description !== undefined) sets.push(sql`description = ${change.description}`)
      if (change.settings !== undefined) sets.push(sql`settings = settings || ${JSON.stringify(change.settings)}::jsonb`)
      return yield* first(yield* sql`UPDATE groups SET ${sql.csv(sets)} WHERE ${theGroup(owner, groupJid)} RETURNING ${columns}`)
    }, storeErrors)

    const markLeft = Effect.fn("GroupStorePg.markLeft")(function*(owner: SessionOwner, groupJid: GroupJid, at: Timestamp) {
      return yield* first(
        yield* sql`UPDATE groups SET has_left = true, updated_at = ${at} WHERE ${theGroup(owner, groupJid)} RETURNING ${columns}`
      )
    }, storeErrors)

    const members = Effect.fn("GroupStorePg.members")(function*(owner: SessionOwner, groupJid: GroupJid, page: PageQuery) {
      const rows = yield* sql`
        SELECT ${memberColumns} FROM members
        WHERE ${theGroup(owner, groupJid)} ${page.after === null ? sql`` : sql`AND jid > ${page.after}`}
        ORDER BY jid
        LIMIT ${page.limit + 1}`
      return toPage(yield* decodeMembers(rows), page.limit, (member) => member.jid)
    }, storeErrors)

    const sessionStored = (owner: SessionOwner) =>
      sql`EXISTS (SELECT 1 FROM sessions WHERE org_id = ${owner.orgId} AND id = ${owner.sessionId})`
    /** The answer of a statement with `has_session`, `has_group` and `jsonPageColumns`. */
    const listJson = (rows: ReadonlyArray<unknown>, page: PageQuery) =>
      Effect.map(decodeListJson(rows), ([found]): GroupListJson => {
        if (found === undefined || !found.has_session) return { _tag: "NoSession" }
        if (!found.has_group) return { _tag: "NoGroup" }
        return { _tag: "Page", page: toJsonPageResult(found, page) }
      })

    /**
     * One statement: whether the session and the group are stored, and the page's JSON written by Postgres, keys
     * in `Member`'s order: the bytes the HTTP layer would write, with no row decoded and encoded again (ADR 0033).
     */
    const membersJson = Effect.fn("GroupStorePg.membersJson")(function*(owner: SessionOwner, groupJid: GroupJid, page: PageQuery) {
      const rows = yield* sql`
        WITH page AS (
          SELECT jid, phone_jid, lid, role FROM members
          WHERE ${theGroup(owner, groupJid)} ${page.after === null ? sql`` : sql`AND jid > ${page.after}`}
          ORDER BY jid
          LIMIT ${page.limit + 1}
        ), shown AS (
          SELECT jid, phone_jid AS "phoneJid", lid, role FROM page ORDER BY jid LIMIT ${page.limit}
        )
        SELECT ${sessionStored(owner)} AS has_session, EXISTS (SELECT 1 FROM groups WHERE ${theGroup(owner, groupJid)}) AS has_group,
          ${jsonPageColumns(sql, "jid")}`
      return yield* listJson(rows, page)
    }, storeErrors)

    /** `list` as JSON written by Postgres in one statement with the session's check, fields in `Group`'s order (ADR 0033). */
    const listJsonPage = Effect.fn("GroupStorePg.listJson")(function*(owner: SessionOwner, page: PageQuery) {
      const rows = yield* sql`
        WITH page AS (
          SELECT ${columns} FROM groups
          WHERE ${ownedBy(owner)} AND kind <> 'community' ${page.after === null ? sql`` : sql`AND group_jid > ${page.after}`}
          ORDER BY group_jid
          LIMIT ${page.limit + 1}
        ), shown AS (
          SELECT group_jid AS "groupJid", subject, description, owner_jid AS "ownerJid", participants,
                 (settings ->> 'isAnnounce')::boolean AS "isAnnounce", (settings ->> 'isLocked')::boolean AS "isLocked",
                 (settings ->> 'joinApproval')::boolean AS "joinApproval", settings ->> 'memberAddMode' AS "memberAddMode",
                 ${isoTimestamp(sql, "created_at")} AS "createdAt", has_left AS "left"
          FROM page ORDER BY group_jid LIMIT ${page.limit}
        )
        SELECT ${sessionStored(owner)} AS has_session, true AS has_group, ${jsonPageColumns(sql, "groupJid")}`
      return yield* listJson(rows, page)
    }, storeErrors)

    const member = Effect.fn("GroupStorePg.member")(function*(owner: SessionOwner, groupJid: GroupJid, jid: UserJid) {
      const rows = yield* sql`
        SELECT ${memberColumns} FROM members
        WHERE ${theGroup(owner, groupJid)} AND (jid = ${jid} OR phone_jid = ${jid} OR lid = ${jid})
        ORDER BY (jid = ${jid}) DESC
        LIMIT 1`
      return Arr.head(yield* decodeMembers(rows))
    }, storeErrors)

    /** The member statement of a participant action; superadmins keep their role. */
    const changeMembers = (
      owner: SessionOwner,
      groupJid: GroupJid,
      action: ParticipantAction,
      refs: ReadonlyArray<ParticipantRef>
    ) => {
      const forms = refs.flatMap(formsOf)
      switch (action) {
        case "add": {
          // A participant already stored under any of its forms stays as it is.
          const { jids, lids, phones } = columnsOf(refs)
          return sql`
            INSERT INTO members (org_id, session_id, group_jid, jid, phone_jid, lid, role)
            SELECT ${owner.orgId}::text, ${owner.sessionId}::text, ${groupJid}::text, m.jid, m.phone_jid, m.lid, 'member'
            FROM (SELECT u.jid, NULLIF(u.phone_jid, '') AS phone_jid, NULLIF(u.lid, '') AS lid
                  FROM unnest(${jids}::text[], ${phones}::text[], ${lids}::text[]) AS u (jid, phone_jid, lid)) AS m
            WHERE NOT EXISTS (
              SELECT 1 FROM members x
              WHERE x.session_id = ${owner.sessionId} AND x.group_jid = ${groupJid}
                AND (x.jid IN (m.jid, m.phone_jid, m.lid) OR x.phone_jid IN (m.jid, m.phone_jid, m.lid)
                     OR x.lid IN (m.jid, m.phone_jid, m.lid)))
            ON CONFLICT (session_id, group_jid, jid) DO NOTHING`
        }
        case "remove":
          return sql`DELETE FROM members WHERE ${theGroup(owner, groupJid)} AND ${namedBy(forms)}`
        case "promote":
        case "demote":
          return sql`
            UPDATE members SET role = ${action === "promote" ? "admin" : "member"}
            WHERE ${theGroup(owner, groupJid)} AND ${namedBy(forms)} AND role <> 'superadmin'`
      }
    }

    const applyParticipants = Effect.fn("GroupStorePg.applyParticipants")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      action: ParticipantAction,
      participants: ReadonlyArray<ParticipantRef>,
      at: Timestamp
    ) {
      const refs = distinctRefs(participants)
      const rows = yield* transaction(Effect.gen(function*() {
        const locked = yield* sql`SELECT 1 FROM groups WHERE ${theGroup(owner, groupJid)} FOR UPDATE`
        if (locked.length === 0) return []
        if (refs.length > 0) {
          yield* changeMembers(owner, groupJid, action, refs)
          yield* learnPairs(owner, pairsOf(refs), at)
          yield* fillGroup(owner, groupJid)
        }
        return yield* sql`
          UPDATE groups SET updated_at = ${at},
            participants = (SELECT count(*) FROM members WHERE ${theGroup(owner, groupJid)})
          WHERE ${theGroup(owner, groupJid)}
          RETURNING ${columns}`
      }))
      return yield* first(rows)
    }, storeErrors)

    const learnTwins = Effect.fn("GroupStorePg.learnTwins")(function*(
      owner: SessionOwner,
      pairs: ReadonlyArray<TwinPair>,
      at: Timestamp
    ) {
      yield* transaction(learnPairs(owner, pairs, at)).pipe(whenSessionGone<void>(undefined))
    }, storeErrors)

    const setParent = Effect.fn("GroupStorePg.setParent")(function*(
      owner: SessionOwner,
      groupJid: GroupJid,
      communityJid: GroupJid | null,
      at: Timestamp
    ) {
      return yield* first(
        yield* sql`
          UPDATE groups SET parent_jid = ${communityJid}, updated_at = ${at}
          WHERE ${theGroup(owner, groupJid)}
          RETURNING ${columns}`
      )
    }, storeErrors)

    const communities = Effect.fn("GroupStorePg.communities")(function*(owner: SessionOwner, page: PageQuery) {
      // One statement, so a community and its children are read from one snapshot.
      const rows = yield* sql`
        SELECT c.group_jid, c.subject,
          (SELECT min(a.group_jid) FROM groups a
           WHERE a.org_id = c.org_id AND a.session_id = c.session_id AND a.parent_jid = c.group_jid
             AND a.kind = 'announcement') AS announcement_jid,
          ARRAY(SELECT g.group_jid FROM groups g
                WHERE g.org_id = c.org_id AND g.session_id = c.session_id AND g.parent_jid = c.group_jid
                  AND g.kind = 'group'
                ORDER BY g.group_jid) AS linked
        FROM groups c
        WHERE c.org_id = ${owner.orgId} AND c.session_id = ${owner.sessionId} AND c.kind = 'community'
          ${page.after === null ? sql`` : sql`AND c.group_jid > ${page.after}`}
        ORDER BY c.group_jid
        LIMIT ${page.limit + 1}`
      const decoded = yield* decodeCommunities(rows)
      return toPage(decoded.map(toCommunity), page.limit, (community) => community.communityJid)
    }, storeErrors)

    return GroupStore.of({
      upsert,
      get,
      list,
      listJson: listJsonPage,
      patch,
      markLeft,
      members,
      membersJson,
      member,
      applyParticipants,
      learnTwins,
      setParent,
      communities
    })
  })
)

