import { Context, type Effect, type Option } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { SessionId } from "../../domain/Ids.ts"

/** A JSON value as a WhatsApp library serialises it (binary fields already encoded by the adapter). */
export type AuthJson = null | boolean | number | string | ReadonlyArray<AuthJson> | { readonly [key: string]: AuthJson }

/**
 * Signal keys to write, by key type (`pre-key`, `session`, `sender-key`, …) and id; `null` deletes the key.
 * One `setKeys` call is one atomic batch.
 */
export type AuthKeyWrites = Readonly<Record<string, Readonly<Record<string, AuthJson | null>>>>

/**
 * What a WhatsApp adapter must keep to stay linked across restarts: the session's credentials and its Signal
 * keys. Deleting the session deletes them.
 */
export class AuthStateStore extends Context.Service<AuthStateStore, {
  readonly loadCredentials: (sessionId: SessionId) => Effect.Effect<Option.Option<AuthJson>, StoreUnavailable>
  readonly saveCredentials: (sessionId: SessionId, credentials: AuthJson) => Effect.Effect<void, StoreUnavailable>
  /** The keys of one type that exist among `ids`, by id. */
  readonly getKeys: (
    sessionId: SessionId,
    type: string,
    ids: ReadonlyArray<string>
  ) => Effect.Effect<Readonly<Record<string, AuthJson>>, StoreUnavailable>
  /** Writes and deletes keys in one transaction: all of them or none. */
  readonly setKeys: (sessionId: SessionId, writes: AuthKeyWrites) => Effect.Effect<void, StoreUnavailable>
  /** Forgets everything of the session (logout). */
  readonly clear: (sessionId: SessionId) => Effect.Effect<void, StoreUnavailable>
}>()("@wagate/core/AuthStateStore") {}
