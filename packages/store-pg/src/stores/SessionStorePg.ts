import {
  Conflict,
  OrgId,
  type PageQuery,
  type Session,
  SessionId,
  type SessionOwner,
  SessionStatus,
  SessionStore,
  LidJid,
  PhoneJid,
  type Timestamp
} from "@wagate/core"
import { Array as Arr, Effect, Exit, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, unavailable } from "../errors.ts"
import { groupCommit, inTransactionOf, quietly } from "./groupCommit.ts"
import { toPage } from "./paging.ts"
import { decodeRows, NumberFromBigInt, TimestampColumn } from "./rows.ts"

const SessionRow = Schema.Struct({
  id: SessionId,
  org_id: OrgId,
  name: Schema.NullOr(Schema.String),
  status: SessionStatus,
  phone_jid: Schema.NullOr(PhoneJid),
  lid: Schema.NullOr(LidJid),
  created_at: TimestampColumn,
  updated_at: TimestampColumn
})

const toSession = (row: typeof SessionRow.Type): Session => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  status: row.status,
  phoneJid: row.phone_jid,
  lid: row.lid,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

const decodeSessions = decodeRows(SessionRow)
const decodeStatusCounts = decodeRows(Schema.Struct({ status: SessionStatus, count: NumberFromBigInt }))

/** `SessionStore` over Postgres; removing a session cascades (foreign keys) to everything stored under it. */
export const SessionStorePg = Layer.effect(
  SessionStore,
  Effect.gen(function*() {
    const client = yield* SqlClient
    const sql = client.withoutTransforms()
    const columns = sql`id, org_id, name, status, phone_jid, lid, created_at, updated_at`
    const sessions = (rows: ReadonlyArray<unknown>) => Effect.map(decodeSessions(rows), Arr.map(toSession))
    const first = (rows: ReadonlyArray<unknown>) => Effect.map(sessions(rows), Arr.head)

    const insert = Effect.fn("SessionStorePg.insert")(function*(session: Session) {
      yield* sql`
        INSERT INTO sessions (id, org_id, name, status, phone_jid, lid, created_at, updated_at)
        VALUES (${session.id}, ${session.orgId}, ${session.name}, ${session.status}, ${session.phoneJid}, ${session.lid},
                ${session.createdAt}, ${session.updatedAt})`.pipe(
        Effect.catchReason("SqlError", "UniqueViolation", () =>
          Effect.fail(new Conflict({ reason: "session_id_taken", message: `session id ${session.id} is taken` }))),
        Effect.catchTag("SqlError", unavailable)
      )
    })

    /** Each read's session (none when absent or another organisation's), in order: one statement for the batch. */
    const read = (batch: ReadonlyArray<SessionOwner>) =>
      Effect.map(
        Effect.flatMap(sql`SELECT ${columns} FROM sessions WHERE id = ANY(${batch.map((b) => b.sessionId)}::text[])`, sessions),
        (found) => {
          const byId = new Map(found.map((session) => [session.id, session]))
          return batch.map((b) => Option.filter(Option.fromUndefinedOr(byId.get(b.sessionId)), (s) => s.orgId === b.orgId))
        }
      )

    // Every request reads its session first: concurrent reads share statements (ADR 0036).
    const grouped = yield* groupCommit({
      inTransaction: inTransactionOf(client),
      lanes: 4,
      max: 64,
      run: (batch: ReadonlyArray<SessionOwner>) => quietly(Effect.map(read(batch), (found) => found.map((s) => Exit.succeed(s)))),
      runOne: (owner: SessionOwner) => storeErrors(Effect.map(read([owner]), (found) => found[0] ?? Option.none<Session>()))
    })

    const get = (orgId: OrgId, sessionId: SessionId) => grouped({ orgId, sessionId }).pipe(Effect.withSpan("SessionStorePg.get"))

    const find = Effect.fn("SessionStorePg.find")(function*(sessionId: SessionId) {
      return yield* first(yield* sql`SELECT ${columns} FROM sessions WHERE id = ${sessionId}`)
    }, storeErrors)

    const list = Effect.fn("SessionStorePg.list")(function*(orgId: OrgId, page: PageQuery) {
      const rows = yield* sql`
        SELECT ${columns} FROM sessions
        WHERE org_id = ${orgId} ${page.after === null ? sql`` : sql`AND id > ${page.after}`}
        ORDER BY id
        LIMIT ${page.limit + 1}`
      return toPage(yield* sessions(rows), page.limit, (session) => session.id)
    }, storeErrors)

    const all = Effect.flatMap(sql`SELECT ${columns} FROM sessions ORDER BY id`, sessions).pipe(
      storeErrors,
      Effect.withSpan("SessionStorePg.all")
    )

    // One aggregate query, whatever the number of sessions.
    const countByStatus = Effect.flatMap(
      sql`SELECT status, count(*) AS count FROM sessions GROUP BY status ORDER BY status`,
      decodeStatusCounts
    ).pipe(storeErrors, Effect.withSpan("SessionStorePg.countByStatus"))

    const setStatus = Effect.fn("SessionStorePg.setStatus")(function*(
      sessionId: SessionId,
      status: SessionStatus,
      phoneJid: PhoneJid | null,
      lid: LidJid | null,
      at: Timestamp
    ) {
      return yield* first(
        yield* sql`
          UPDATE sessions SET status = ${status}, phone_jid = ${phoneJid}, lid = ${lid}, updated_at = ${at}
          WHERE id = ${sessionId}
          RETURNING ${columns}`
      )
    }, storeErrors)

    const remove = Effect.fn("SessionStorePg.remove")(function*(orgId: OrgId, sessionId: SessionId) {
      yield* sql`DELETE FROM sessions WHERE org_id = ${orgId} AND id = ${sessionId}`
    }, storeErrors)

    return SessionStore.of({ insert, get, find, list, all, countByStatus, setStatus, remove })
  })
)

