import { Context, type Effect, type Option } from "effect"
import type { Conflict, StoreUnavailable } from "../../domain/errors.ts"
import type { OrgId, SessionId, Timestamp } from "../../domain/Ids.ts"
import type { LidJid, PhoneJid } from "../../domain/Jid.ts"
import type { PageQuery, PageResult } from "../../domain/Page.ts"
import type { Session, SessionStatus } from "../../domain/Session.ts"

/** Sessions, owned by organisations. Session ids are unique across the gateway. */
export class SessionStore extends Context.Service<SessionStore, {
  /** Fails with `Conflict` when the id is taken (by any organisation). */
  readonly insert: (session: Session) => Effect.Effect<void, Conflict | StoreUnavailable>
  /** The session when it exists and belongs to the organisation. */
  readonly get: (orgId: OrgId, sessionId: SessionId) => Effect.Effect<Option.Option<Session>, StoreUnavailable>
  /** Any organisation's session, for applying inbound changes; never serves a caller directly. */
  readonly find: (sessionId: SessionId) => Effect.Effect<Option.Option<Session>, StoreUnavailable>
  /** Sessions ordered by id. */
  readonly list: (orgId: OrgId, page: PageQuery) => Effect.Effect<PageResult<Session>, StoreUnavailable>
  /** Every session of every organisation, for resuming connections at start-up. */
  readonly all: Effect.Effect<ReadonlyArray<Session>, StoreUnavailable>
  /** How many sessions are in each status, across organisations (for metrics); statuses without one are left out. */
  readonly countByStatus: Effect.Effect<ReadonlyArray<{ readonly status: SessionStatus; readonly count: number }>, StoreUnavailable>
  /** Sets the status and the linked account's identities (`null` clears one). */
  readonly setStatus: (
    sessionId: SessionId,
    status: SessionStatus,
    phoneJid: PhoneJid | null,
    lid: LidJid | null,
    at: Timestamp
  ) => Effect.Effect<Option.Option<Session>, StoreUnavailable>
  /** Deletes the session and everything stored under it. */
  readonly remove: (orgId: OrgId, sessionId: SessionId) => Effect.Effect<void, StoreUnavailable>
}>()("@wagate/core/SessionStore") {}
