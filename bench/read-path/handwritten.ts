/**
 * The hand-written service `bench:read-path` compares the gateway with: Fastify and node-postgres answering the
 * same stored reads as the gateway, on its database, with the same api keys (looked up by their SHA-256 in the
 * gateway's `api_keys` table), in the same JSON. What a careful engineer would write by hand, not product code:
 * no logging, one query for the key and one for the page (a second only to tell "empty" from "not found").
 *
 * Environment: `DATABASE_URL`, `PORT`. Prints `listening on <port>` once it serves.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify"
import { createHash } from "node:crypto"
import pg from "pg"

const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"], max: 10 })
const app = Fastify({ logger: false })

const iso = (date: Date | null) => (date === null ? null : date.toISOString())
const cursorOf = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString("base64url")
const keyOf = (cursor: string | undefined): string | null =>
  cursor === undefined || cursor === "" ? null : (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k: string }).k

const fail = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: { code, message, details: {} } })

/** The caller's organisation when its key is known, not revoked and may read; else the answer is sent. */
const organisation = async (request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
  const token = /^Bearer (wgk_[A-Za-z0-9_-]{43,256})$/.exec(request.headers.authorization ?? "")?.[1]
  if (token === undefined) return void fail(reply, 401, "unauthorized", "an api key is required")
  const hash = createHash("sha256").update(token).digest("hex")
  const { rows } = await pool.query<{ org_id: string; capabilities: Array<string>; revoked_at: Date | null }>(
    "SELECT org_id, capabilities, revoked_at FROM api_keys WHERE hash = $1",
    [hash]
  )
  const key = rows[0]
  if (key === undefined || key.revoked_at !== null) return void fail(reply, 401, "unauthorized", "the api key is not known")
  if (!key.capabilities.includes("read")) return void fail(reply, 403, "forbidden", "the api key cannot read")
  return key.org_id
}

interface PageQuery {
  readonly limit?: string
  readonly cursor?: string
}

/** `LIMIT n + 1` rows as a `List` page of `n`. */
const page = <R>(rows: ReadonlyArray<R>, limit: number, key: (row: R) => string, item: (row: R) => unknown) => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(item), nextCursor: rows.length > limit && last !== undefined ? cursorOf(key(last)) : "" }
}

const limitOf = (query: PageQuery) => Number(query.limit ?? 100)

interface SessionRow {
  id: string
  name: string | null
  status: string
  phone_jid: string | null
  lid: string | null
  created_at: Date
  updated_at: Date
}
const session = (row: SessionRow) => ({
  id: row.id,
  name: row.name,
  status: row.status,
  phoneJid: row.phone_jid,
  lid: row.lid,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at)
})
const SESSION_COLUMNS = "id, name, status, phone_jid, lid, created_at, updated_at"

const sessionExists = async (org: string, id: string) =>
  (await pool.query("SELECT 1 FROM sessions WHERE org_id = $1 AND id = $2", [org, id])).rowCount === 1

app.get("/healthz", async () => ({ status: "ok" }))

app.get<{ Querystring: PageQuery }>("/api/v1/sessions", async (request, reply) => {
  const org = await organisation(request, reply)
  if (org === undefined) return reply
  const limit = limitOf(request.query)
  const { rows } = await pool.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [org, keyOf(request.query.cursor) ?? "", limit + 1]
  )
  return page(rows, limit, (row) => row.id, session)
})

app.get<{ Params: { session: string } }>("/api/v1/sessions/:session", async (request, reply) => {
  const org = await organisation(request, reply)
  if (org === undefined) return reply
  const { rows } = await pool.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE org_id = $1 AND id = $2`, [
    org,
    request.params.session
  ])
  const row = rows[0]
  return row === undefined ? fail(reply, 404, "not_found", "no such session") : session(row)
})

interface GroupRow {
  group_jid: string
  subject: string
  description: string | null
  owner_jid: string | null
  participants: number
  settings: { isAnnounce: boolean; isLocked: boolean; joinApproval: boolean; memberAddMode: string }
  created_at: Date
  has_left: boolean
}
const group = (row: GroupRow) => ({
  groupJid: row.group_jid,
  subject: row.subject,
  description: row.description,
  ownerJid: row.owner_jid,
  participants: row.participants,
  isAnnounce: row.settings.isAnnounce,
  isLocked: row.settings.isLocked,
  joinApproval: row.settings.joinApproval,
  memberAddMode: row.settings.memberAddMode,
  createdAt: iso(row.created_at),
  left: row.has_left
})

app.get<{ Params: { session: string }; Querystring: PageQuery }>("/api/v1/sessions/:session/groups", async (request, reply) => {
  const org = await organisation(request, reply)
  if (org === undefined) return reply
  const limit = limitOf(request.query)
  const { rows } = await pool.query<GroupRow>(
    `SELECT group_jid, subject, description, owner_jid, participants, settings, created_at, has_left FROM groups
     WHERE org_id = $1 AND session_id = $2 AND kind <> 'community' AND group_jid > $3 ORDER BY group_jid LIMIT $4`,
    [org, request.params.session, keyOf(request.query.cursor) ?? "", limit + 1]
  )
  if (rows.length === 0 && !(await sessionExists(org, request.params.session))) return fail(reply, 404, "not_found", "no such session")
  return page(rows, limit, (row) => row.group_jid, group)
})

interface MemberRow {
  jid: string
  phone_jid: string | null
  lid: string | null
  role: string
}

app.get<{ Params: { session: string; gid: string }; Querystring: PageQuery }>(
  "/api/v1/sessions/:session/groups/:gid/members",
  async (request, reply) => {
    const org = await organisation(request, reply)
    if (org === undefined) return reply
    const limit = limitOf(request.query)
    const { rows } = await pool.query<MemberRow>(
      `SELECT jid, phone_jid, lid, role FROM members
       WHERE org_id = $1 AND session_id = $2 AND group_jid = $3 AND jid > $4 ORDER BY jid LIMIT $5`,
      [org, request.params.session, request.params.gid, keyOf(request.query.cursor) ?? "", limit + 1]
    )
    if (rows.length === 0) return fail(reply, 404, "not_found", "no such group")
    return page(rows, limit, (row) => row.jid, (row) => ({ jid: row.jid, phoneJid: row.phone_jid, lid: row.lid, role: row.role }))
  }
)

interface MessageRow {
  id: string
  session_id: string
  to_jid: string
  type: string
  status: string
  wa_message_id: string | null
  attempts: number
  created_at: Date
  updated_at: Date
  error: string | null
}

app.get<{ Params: { session: string; id: string } }>("/api/v1/sessions/:session/messages/:id", async (request, reply) => {
  const org = await organisation(request, reply)
  if (org === undefined) return reply
  const { rows } = await pool.query<MessageRow>(
    `SELECT id, session_id, to_jid, type, status, wa_message_id, attempts, created_at, updated_at, error FROM messages
     WHERE id = $1 AND org_id = $2 AND session_id = $3`,
    [request.params.id, org, request.params.session]
  )
  const row = rows[0]
  if (row === undefined) return fail(reply, 404, "not_found", "no such message")
  return {
    id: row.id,
    sessionId: row.session_id,
    to: row.to_jid,
    type: row.type,
    status: row.status,
    waMessageId: row.wa_message_id,
    attempts: row.attempts,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    error: row.error === null ? null : JSON.parse(row.error)
  }
})

interface EventRow {
  tx: string
  seq: string
  session_id: string
  type: string
  occurred_at: Date
  data: unknown
}
const eventId = (row: EventRow) => BigInt(row.tx).toString(16).padStart(16, "0") + BigInt(row.seq).toString(16).padStart(16, "0")

app.get<{ Querystring: PageQuery & { readonly after?: string } }>("/api/v1/events/history", async (request, reply) => {
  const org = await organisation(request, reply)
  if (org === undefined) return reply
  const limit = limitOf(request.query)
  const { rows } = await pool.query<EventRow>(
    `SELECT tx::text AS tx, seq::text AS seq, session_id, type, occurred_at, data FROM events
     WHERE org_id = $1 AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY events.tx, events.seq LIMIT $2`,
    [org, limit]
  )
  // The gateway's event pages end with the last id of a full page (not an opaque cursor).
  const last = rows.at(-1)
  return {
    items: rows.map((row) => ({ id: eventId(row), type: row.type, sessionId: row.session_id, occurredAt: iso(row.occurred_at), data: row.data })),
    nextCursor: rows.length === limit && last !== undefined ? eventId(last) : ""
  }
})

const port = Number(process.env["PORT"])
await app.listen({ port, host: "127.0.0.1" })
process.stdout.write(`listening on ${port}\n`)
process.on("SIGTERM", () => void app.close().then(() => pool.end()).then(() => process.exit(0)))
