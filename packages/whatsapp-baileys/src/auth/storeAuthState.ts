import { type AuthJson, type AuthKeyWrites, AuthStateStore, type SessionId } from "@wagate/core"
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore
} from "@whiskeysockets/baileys"
import { type Context, Effect, Option, Semaphore } from "effect"
import type { BaileysLogger } from "../BaileysOptions.ts"
import { ownDeviceHoldsSenderKey } from "./ownSenderKey.ts"

/** Binary fields (Buffers, Uint8Arrays) become `{type: "Buffer", data: base64}` JSON, as Baileys' own files keep them. */
export const toAuthJson = (value: unknown): AuthJson => JSON.parse(JSON.stringify(value, BufferJSON.replacer)) as AuthJson

/** The reverse of `toAuthJson`: Buffers back. */
export const fromAuthJson = <A>(json: AuthJson): A => JSON.parse(JSON.stringify(json), BufferJSON.reviver) as A

/** A session's Baileys auth state and the means to persist its credentials. */
export interface StoredAuthState {
  readonly state: AuthenticationState
  /** Writes the current credentials (Baileys' `creds.update` mutates `state.creds` in place first). */
  readonly saveCreds: Effect.Effect<void>
}

/**
 * Baileys' `AuthenticationState` backed by the store: credentials loaded once (fresh ones for a new session),
 * Signal keys read in batches and written as one atomic batch per `set` (`null` deletes), all writes of the
 * session serialised, fronted by Baileys' cacheable key store. Store failures reach Baileys as rejected
 * promises (it retries its key transactions); they are never swallowed.
 */
export const makeStoredAuthState = Effect.fn("Baileys.storedAuthState")(function*(
  sessionId: SessionId,
  logger: BaileysLogger
) {
  const store = yield* AuthStateStore
  const services = yield* Effect.context<never>()
  const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromiseWith(services as Context.Context<never>)(effect)
  const writes = yield* Semaphore.make(1)
  const serialised = <A, E>(effect: Effect.Effect<A, E>) => Semaphore.withPermit(writes, effect)

  const stored = yield* store.loadCredentials(sessionId)
  const creds: AuthenticationCreds = Option.match(stored, {
    onNone: () => initAuthCreds(),
    onSome: (json) => fromAuthJson<AuthenticationCreds>(json)
  })

  const keys: SignalKeyStore = {
    get: async <T extends keyof SignalDataTypeMap>(type: T, ids: Array<string>) => {
      const found = await run(store.getKeys(sessionId, type, ids))
      const out: { [id: string]: SignalDataTypeMap[T] } = {}
      for (const [id, json] of Object.entries(found)) {
        const value = fromAuthJson<SignalDataTypeMap[T]>(json)
        // As Baileys' own file store does: app-state keys are protobuf objects again. TypeScript cannot narrow the
        // generic `T` from `type`, hence the one cast.
        out[id] = type === "app-state-sync-key"
          ? (proto.Message.AppStateSyncKeyData.fromObject(value as object) as unknown as SignalDataTypeMap[T])
          : value
      }
      // The sending device never gets its own sender key (see `ownDeviceHoldsSenderKey`); the same cast for `T`.
      return type === "sender-key-memory"
        ? (ownDeviceHoldsSenderKey(creds, ids, out as Record<string, SignalDataTypeMap["sender-key-memory"]>) as typeof out)
        : out
    },
    set: async (data: SignalDataSet) => {
      const batch: Record<string, Record<string, AuthJson | null>> = {}
      for (const [type, entries] of Object.entries(data)) {
        if (entries === undefined) continue
        const forType: Record<string, AuthJson | null> = {}
        for (const [id, value] of Object.entries(entries)) forType[id] = value === null || value === undefined ? null : toAuthJson(value)
        batch[type] = forType
      }
      await run(serialised(store.setKeys(sessionId, batch satisfies AuthKeyWrites)))
    }
  }

  const saveCreds = Effect.suspend(() => serialised(store.saveCredentials(sessionId, toAuthJson(creds)))).pipe(
    Effect.catch((error) => Effect.logError("Baileys credentials could not be saved", { sessionId, error: error.message }))
  )
  // A fresh session's credentials are written at once, so a crash before pairing leaves nothing half-made.
  if (Option.isNone(stored)) yield* saveCreds

  const state: AuthenticationState = { creds, keys: makeCacheableSignalKeyStore(keys, logger) }
  return { state, saveCreds } satisfies StoredAuthState
})
