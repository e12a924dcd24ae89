import { assert } from "@effect/vitest"
import { type Group, GroupJid, SessionId, UserJid } from "@wagate/core"
import { Effect, Schema } from "effect"
import { clientFor, raw, type RawResponse, tokens } from "./gateway.ts"

/** The error envelope of API.md, exactly: nothing else at the top, nothing else inside `error`. */
const Envelope = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String.pipe(Schema.check(Schema.isMinLength(1))),
    details: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  })
})
const decodeEnvelope = Schema.decodeUnknownEffect(Envelope)

/** Whether a `details` key names `field`: `participants`, `participants.0`, `body.participants` all name it. */
const names = (key: string, field: string): boolean => key === field || key.split(/[.[\]]/).includes(field)

/**
 * A response in the contract's error envelope with this status and code; each of `fields` is named by a key of
 * `details`. Answers the envelope so a test can look further.
 */
export const expectError = Effect.fn("expectError")(function*(
  response: RawResponse,
  status: number,
  code: string,
  fields: ReadonlyArray<string> = [],
  label = ""
) {
  const at = label === "" ? "" : `${label}: `
  assert.strictEqual(response.status, status, `${at}expected ${status} ${code}, got ${response.status}: ${response.text}`)
  assert.match(response.headers["content-type"] ?? "", /^application\/json/, `${at}content-type of ${response.status}`)
  const envelope = yield* decodeEnvelope(response.json, { onExcessProperty: "error" }).pipe(
    Effect.mapError((error) => new Error(`${at}not the error envelope: ${response.text}\n${error.message}`)),
    Effect.orDie
  )
  assert.strictEqual(envelope.error.code, code, `${at}${response.text}`)
  const details = envelope.error.details ?? {}
  for (const field of fields) {
    assert.isTrue(
      Object.keys(details).some((key) => names(key, field)),
      `${at}details should name "${field}": ${JSON.stringify(details)}`
    )
  }
  return envelope.error
})

/** A 204 with nothing in the body. */
export const expectNoContent = (response: RawResponse) => {
  assert.strictEqual(response.status, 204, `expected 204, got ${response.status}: ${response.text}`)
  assert.strictEqual(response.text, "")
}

/** A JSON success with this status; answers the body. */
export const expectJson = (response: RawResponse, status: number): unknown => {
  assert.strictEqual(response.status, status, `expected ${status}, got ${response.status}: ${response.text}`)
  assert.match(response.headers["content-type"] ?? "", /^application\/json/)
  return response.json
}

/** The `List` envelope: `items` and a string `nextCursor`, nothing else. */
export const expectList = (response: RawResponse): { readonly items: ReadonlyArray<unknown>; readonly nextCursor: string } => {
  const body = expectJson(response, 200)
  assert.isObject(body)
  const list = body as { items?: unknown; nextCursor?: unknown }
  assert.deepStrictEqual(Object.keys(list).sort(), ["items", "nextCursor"])
  assert.isArray(list.items)
  assert.isString(list.nextCursor)
  return { items: list.items as ReadonlyArray<unknown>, nextCursor: list.nextCursor as string }
}

/** Ids unique within a test file, so the tests of one shared gateway never collide. */
let counter = 0
export const uniqueId = (prefix: string): SessionId => SessionId.make(`${prefix}-${++counter}`)

/** A user JID from a number, for typed-client payloads. */
export const user = (digits: string): UserJid => UserJid.make(`${digits}@s.whatsapp.net`)

/** A well-formed group JID the gateway has never seen. */
export const unknownGroup = GroupJid.make("120363999999999999@g.us")

export const api = (path: string) => `/api/v1${path}`

/** Path of a group under a session, with the `@` as is (`encode` for `%40`). */
export const groupPath = (session: string, gid: string, rest = "", encode = false) =>
  api(`/sessions/${session}/groups/${encode ? encodeURIComponent(gid) : gid}${rest}`)

/** A new, connected session of the token's organisation. */
export const newSession = Effect.fn("newSession")(function*(prefix: string, token: string = tokens.acme) {
  const client = yield* clientFor(token)
  const session = yield* client.sessions.create({ payload: { id: uniqueId(prefix) } })
  assert.strictEqual(session.status, "connected")
  assert.isNotNull(session.phoneJid)
  return { id: session.id, phoneJid: UserJid.make(session.phoneJid ?? "") }
})

/** A group created on the session with the given participants (the session's account is its owner). */
export const newGroup = Effect.fn("newGroup")(function*(
  session: string,
  participants: ReadonlyArray<UserJid> = [user("6281200000001")],
  token: string = tokens.acme
) {
  const client = yield* clientFor(token)
  const group: Group = yield* client.groups.create({ params: { session }, payload: { name: "Group", participants } })
  return group.groupJid
})

/**
 * Two sessions of one organisation: `owner` created the group, `member` joined it by its invite link and is a
 * plain member there. The joiner's stored group is written by the join itself.
 */
export const ownerAndMember = Effect.fn("ownerAndMember")(function*(prefix: string) {
  const client = yield* clientFor(tokens.acme)
  const owner = yield* newSession(`${prefix}-owner`)
  const member = yield* newSession(`${prefix}-member`)
  const gid = yield* newGroup(owner.id)
  const invite = yield* client.members.invite({ params: { session: owner.id, gid } })
  const joined = yield* client.groups.join({ params: { session: member.id }, payload: { invite: invite.code } })
  assert.strictEqual(joined.groupJid, gid)
  return { owner, member, gid, invite }
})

/** Drops the session's connection through the simulator's control route. */
export const disconnect = Effect.fn("disconnect")(function*(session: string) {
  expectNoContent(yield* raw("POST", api(`/_simulator/sessions/${session}:disconnect`)))
})

/** Connects the session again through the simulator's control route. */
export const reconnect = Effect.fn("reconnect")(function*(session: string) {
  expectNoContent(yield* raw("POST", api(`/_simulator/sessions/${session}:connect`)))
})

/**
 * Reads until `done` holds, a bounded number of times: inbound changes reach the store asynchronously (a forked
 * worker), so a reader gives it a turn and a round trip between attempts instead of sleeping.
 */
export const eventually = <A, E, R>(read: Effect.Effect<A, E, R>, done: (a: A) => boolean, attempts = 50) =>
  Effect.gen(function*() {
    let last = yield* read
    for (let attempt = 1; attempt < attempts && !done(last); attempt++) {
      yield* Effect.yieldNow
      last = yield* read
    }
    return last
  })

/** Every page of a list endpoint, following `nextCursor` until it is `""` (bounded, so a loop cannot hang). */
export const allPages = Effect.fn("allPages")(function*(path: string, limit: number, token: string = tokens.acme) {
  const pages: Array<ReadonlyArray<unknown>> = []
  let cursor = ""
  for (let page = 0; page < 100; page++) {
    const query = `limit=${limit}${cursor === "" ? "" : `&cursor=${encodeURIComponent(cursor)}`}`
    const list = expectList(yield* raw("GET", `${path}${path.includes("?") ? "&" : "?"}${query}`, { token }))
    assert.isAtMost(list.items.length, limit)
    pages.push(list.items)
    if (list.nextCursor === "") return pages
    assert.strictEqual(list.items.length, limit, "a page before the last is full")
    cursor = list.nextCursor
  }
  return assert.fail(`${path} did not reach its last page`)
})
