import {
  Conflict,
  OrgId,
  type PageQuery,
  type Session,
  SessionId,
  SessionStatus,
  SessionStore,
  LidJid,
  PhoneJid,
  type Timestamp
} from "@wagate/core"
import { Array as Arr, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, unavailable } from "../errors.ts"
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
    const sql = (yield* SqlClient).withoutTransforms()
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

    const get = Effect.fn("SessionStorePg.get")(function*(orgId: OrgId, sessionId: SessionId) {
      return yield* first(yield* sql`SELECT ${columns} FROM sessions WHERE org_id = ${orgId} AND id = ${sessionId}`)
    }, storeErrors)

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

