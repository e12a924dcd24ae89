import type {
  ApiKey,
  ApiKeyId,
  AuthJson,
  ChatMessage,
  ChatSummary,
  DeliveryAttempt,
  DeliveryState,
  GroupJid,
  GroupKind,
  LidJid,
  GroupSettings,
  IdempotencyRecord,
  Member,
  MessageId,
  OrgId,
  PhoneJid,
  SessionId,
  Session,
  StoredEvent,
  StoredMessage,
  Timestamp,
  UserJid,
  Webhook,
  WebhookId
} from "@wagate/core"
import { Context, Effect, Layer, type Option, type Redacted, Semaphore } from "effect"

/** A group as the memory store keeps it: the API fields plus kind, parent and the member list. */
export interface GroupRecord {
  readonly groupJid: GroupJid
  readonly subject: string
  readonly description: string | null
  readonly ownerJid: UserJid | null
  readonly createdAt: Timestamp
  readonly settings: GroupSettings
  readonly kind: GroupKind
  readonly parentJid: GroupJid | null
  readonly left: boolean
  readonly updatedAt: Timestamp
  readonly members: ReadonlyMap<UserJid, Member>
}

/** A session's learned phone ↔ LID pairs, both ways. */
export interface TwinTable {
  readonly lidOf: Map<PhoneJid, LidJid>
  readonly phoneOf: Map<LidJid, PhoneJid>
}

/** A key and what it answered: the message its request accepted, or (keys from before the outbox) its outcome. */
export interface IdempotencyRow {
  readonly record: IdempotencyRecord
  readonly at: Timestamp
}

/** A session's WhatsApp auth state: its credentials (once saved) and its Signal keys by type, then id. */
export interface AuthStateRecord {
  readonly credentials: Option.Option<AuthJson>
  readonly keys: ReadonlyMap<string, ReadonlyMap<string, AuthJson>>
}

/** A webhook with its secret, where its deliveries stand and the log of its attempts. */
export interface WebhookRecord {
  readonly webhook: Webhook
  readonly secret: Redacted.Redacted<string>
  readonly state: DeliveryState
  readonly deliveries: ReadonlyArray<DeliveryAttempt>
}

export interface ApiKeyRecord {
  readonly key: ApiKey
  readonly hash: string
}

/**
 * The memory store's tables. The maps are mutable but the records in them are not: a write replaces a record,
 * so a value handed to a caller never changes under it.
 */
export interface Tables {
  readonly sessions: Map<SessionId, Session>
  /** Per owner (see `ownerKey`), the session's groups. */
  readonly groups: Map<string, Map<GroupJid, GroupRecord>>
  /** Per owner (see `ownerKey`), the twins the session learned. */
  readonly twins: Map<string, TwinTable>
  /** In insertion order, which is acceptance order: the outbox of each session is its `queued` messages in it. */
  readonly messages: Map<MessageId, StoredMessage>
  /** Keyed by `orgKey(orgId, key)`. */
  readonly idempotency: Map<string, IdempotencyRow>
  readonly apiKeys: Map<ApiKeyId, ApiKeyRecord>
  readonly webhooks: Map<WebhookId, WebhookRecord>
  /** Appended in id order. */
  readonly events: Array<StoredEvent>
  lastEventId: number
  /** Per session, its WhatsApp auth state. */
  readonly authState: Map<SessionId, AuthStateRecord>
  /** Per session, its chats' messages by WhatsApp id, in the order they were stored. */
  readonly chatMessages: Map<SessionId, Map<string, ChatMessageRecord>>
  /** Per session, its chats by JID. */
  readonly chats: Map<SessionId, Map<string, ChatSummary>>
  lastChatSeq: number
}

/** A stored chat message and the order it was stored in. */
export interface ChatMessageRecord {
  readonly message: ChatMessage
  readonly seq: number
}

/** One key per (organisation, session) pair; JSON keeps the parts apart whatever characters they hold. */
export const ownerKey = (orgId: OrgId, sessionId: SessionId): string => JSON.stringify([orgId, sessionId])

/** One key per (organisation, idempotency key) pair. */
export const orgKey = (orgId: OrgId, key: string): string => JSON.stringify([orgId, key])

const makeTables = (): Tables => ({
  sessions: new Map(),
  groups: new Map(),
  twins: new Map(),
  messages: new Map(),
  idempotency: new Map(),
  apiKeys: new Map(),
  webhooks: new Map(),
  events: [],
  lastEventId: 0,
  authState: new Map(),
  chatMessages: new Map(),
  chats: new Map(),
  lastChatSeq: 0
})

/** Whether the running fiber is inside `MemoryState.transaction` (its store calls then go straight in). */
const InTransaction = Context.Reference<boolean>("@wagate/memory/InTransaction", { defaultValue: () => false })

/**
 * The state all memory stores share, so that deleting a session also deletes its groups, messages and auth state.
 * `atomically` runs `f` as one synchronous step: no other fiber can run in between, which makes every store
 * call atomic. `transaction` runs several store calls with no other fiber's store call in between (what a
 * transaction gives the SQL adapters, minus the rollback: memory writes do not fail half-way).
 */
export class MemoryState extends Context.Service<MemoryState, {
  readonly atomically: <A>(f: (tables: Tables) => A) => Effect.Effect<A>
  readonly transaction: <A, E, R>(body: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}>()("@wagate/memory/MemoryState") {
  /** Fresh, empty tables each time the layer is built. */
  static readonly layer = Layer.sync(MemoryState, () => {
    const tables = makeTables()
    const lock = Semaphore.makeUnsafe(1)
    const step = <A>(f: (tables: Tables) => A) => Effect.sync(() => f(tables))
    return MemoryState.of({
      atomically: (f) =>
        Effect.flatMap(Effect.service(InTransaction), (inside) => inside ? step(f) : lock.withPermits(1)(step(f))),
      transaction: (body) =>
        Effect.flatMap(Effect.service(InTransaction), (inside) =>
          inside ? body : lock.withPermits(1)(Effect.provideService(body, InTransaction, true)))
    })
  })
}
