import { assert } from "@effect/vitest"
import {
  type ApiKey,
  ApiKeyId,
  type Conflict,
  defaultGroupSettings,
  EventId,
  EventStore,
  type GroupInfo,
  GroupJid,
  MessageId,
  OrgId,
  type Session,
  SessionId,
  type SessionOwner,
  SessionStore,
  type StoreUnavailable,
  type StoredMessage,
  LidJid,
  PhoneJid,
  Timestamp,
  type Webhook,
  WebhookId
} from "@wagate/core"
import { Effect, Option } from "effect"

/*
 * The suites run against shared databases too, so nothing may assume an empty store: every test makes its own
 * organisations, sessions and keys from a per-process random part and a counter, and looks only at those.
 * Ids use lower-case letters and digits of fixed width, so every collation orders them alike.
 */

const RUN = Math.random().toString(36).slice(2, 10).padEnd(8, "0")
const RUN_DIGITS = String(Math.floor(Math.random() * 1e9)).padStart(9, "0")
let counter = 0

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

/** A tag no other test of any run has used: 14 lower-case letters and digits. */
export const uniqueTag = (): string => `${RUN}${pad(++counter, 6)}`

export const freshOrgId = (): OrgId => OrgId.make(`org-${uniqueTag()}`)
export const freshSessionId = (): SessionId => SessionId.make(`ses-${uniqueTag()}`)

/** Ids that share a fresh prefix and sort by `i` (0 to 99). */
export const idFamily = (prefix: string) => {
  const tag = uniqueTag()
  return (i: number): string => `${prefix}-${tag}-${pad(i, 2)}`
}

/** Group JIDs that share a fresh prefix and sort by `i` (0 to 999); all of one length. */
export const groupJids = () => {
  const tag = `1${RUN_DIGITS}${pad(++counter, 6)}`
  return (i: number): GroupJid => GroupJid.make(`${tag}${pad(i, 3)}@g.us`)
}

/** User JIDs of one length that sort by `i` (0 to 9999); they need not be unique across tests. */
export const userJid = (i: number): PhoneJid => PhoneJid.make(`6281200${pad(i, 4)}@s.whatsapp.net`)

/** LIDs of one length that sort by `i` (0 to 9999), all after every `userJid` (`@lid` > `@s…` is false: they sort before). */
export const lidJid = (i: number): LidJid => LidJid.make(`2024${pad(i, 11)}@lid`)

/** A canonical ISO timestamp `seconds` after a fixed instant. */
export const at = (seconds: number): Timestamp => Timestamp.make(new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString())

export const makeSession = (orgId: OrgId, id: SessionId, overrides: Partial<Session> = {}): Session => ({
  id,
  orgId,
  name: null,
  status: "pairing",
  phoneJid: null,
  lid: null,
  createdAt: at(0),
  updatedAt: at(0),
  ...overrides
})

/** Inserts a session for a fresh organisation and returns its owner; adapters may require the session to exist. */
export const freshOwner: Effect.Effect<SessionOwner, Conflict | StoreUnavailable, SessionStore> = Effect.gen(function*() {
  const sessions = yield* SessionStore
  const owner = { orgId: freshOrgId(), sessionId: freshSessionId() }
  yield* sessions.insert(makeSession(owner.orgId, owner.sessionId))
  return owner
})

/** Inserts another session for the same organisation. */
export const siblingOwner = Effect.fn("fixtures.siblingOwner")(function*(owner: SessionOwner) {
  const sessions = yield* SessionStore
  const sibling: SessionOwner = { orgId: owner.orgId, sessionId: freshSessionId() }
  yield* sessions.insert(makeSession(sibling.orgId, sibling.sessionId))
  return sibling
})

export const makeGroupInfo = (groupJid: GroupJid, overrides: Partial<GroupInfo> = {}): GroupInfo => ({
  groupJid,
  subject: "Team",
  description: null,
  ownerJid: userJid(1),
  createdAt: at(1),
  settings: defaultGroupSettings,
  kind: "group",
  parentJid: null,
  members: [{ jid: userJid(1), role: "superadmin" }],
  ...overrides
})

export const makeMessage = (owner: SessionOwner, id: MessageId, overrides: Partial<StoredMessage> = {}): StoredMessage => ({
  id,
  orgId: owner.orgId,
  sessionId: owner.sessionId,
  to: userJid(2),
  type: "text",
  request: { type: "text", to: userJid(2), text: "hello" },
  status: "queued",
  waMessageId: null,
  error: null,
  attempts: 0,
  nextAttemptAt: at(2),
  createdAt: at(2),
  updatedAt: at(2),
  ...overrides
})

export const freshMessageId = (): MessageId => MessageId.make(`msg-${uniqueTag()}`)

export const makeApiKey = (orgId: OrgId, id: ApiKeyId, overrides: Partial<ApiKey> = {}): ApiKey => ({
  id,
  orgId,
  name: null,
  capabilities: ["read", "send"],
  createdAt: at(3),
  lastUsedAt: null,
  revokedAt: null,
  ...overrides
})

export const apiKeyIds = () => {
  const id = idFamily("key")
  return (i: number): ApiKeyId => ApiKeyId.make(id(i))
}

/** A fresh SHA-256-shaped hash: 64 lower-case hex digits. */
export const freshHash = (): string =>
  Array.from(uniqueTag(), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("").padStart(64, "0")

/** The value of a `Some`, failing the test on `None`. */
export const getSome = <A>(option: Option.Option<A>, what = "a value"): A => {
  if (Option.isNone(option)) return assert.fail(`expected ${what}, got None`)
  return option.value
}

export const assertNone = <A>(option: Option.Option<A>, what = "nothing"): void => {
  assert.isTrue(Option.isNone(option), `expected ${what} (None), got ${JSON.stringify(Option.getOrUndefined(option))}`)
}

/**
 * Waits (bounded, about 10 s) until the event `id` is in the visible prefix (ADR 0029): on a shared Postgres server a
 * transaction open elsewhere, in whichever database, holds readers back for a moment. In memory it is visible at once.
 */
export const untilVisible = Effect.fn("fixtures.untilVisible")(function*(id: EventId) {
  const events = yield* EventStore
  for (let attempt = 0; attempt < 1000; attempt++) {
    const latest = yield* events.latest
    if (latest !== null && latest >= id) return
    yield* Effect.sleep("10 millis")
  }
})

/** Webhook ids that share a fresh prefix and sort by `i` (0 to 999). */
export const webhookIds = () => {
  const tag = uniqueTag().toUpperCase()
  return (i: number): WebhookId => WebhookId.make(`wh_${tag}${pad(i, 12)}`)
}

export const makeWebhook = (orgId: OrgId, id: WebhookId, overrides: Partial<Webhook> = {}): Webhook => ({
  id,
  orgId,
  url: "https://receiver.example/hook",
  events: ["group.participants"],
  createdAt: at(4),
  ...overrides
})

/** Event ids that sort by `i`, of the format the stores make (32 lower-case hex digits). */
export const eventId = (i: number): EventId => EventId.make(pad(i, 32))
