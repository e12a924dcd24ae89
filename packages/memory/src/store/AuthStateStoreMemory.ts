import { type AuthJson, type AuthKeyWrites, AuthStateStore, type SessionId } from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { type AuthStateRecord, MemoryState } from "./MemoryState.ts"

const empty: AuthStateRecord = { credentials: Option.none(), keys: new Map() }

/** `AuthStateStore` over the shared memory tables; removing the session (SessionStore.remove) removes its state. */
export const AuthStateStoreMemory = Layer.effect(
  AuthStateStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const loadCredentials = Effect.fn("AuthStateStoreMemory.loadCredentials")(function*(sessionId: SessionId) {
      return yield* state.atomically((t) => t.authState.get(sessionId)?.credentials ?? Option.none<AuthJson>())
    })

    const saveCredentials = Effect.fn("AuthStateStoreMemory.saveCredentials")(function*(
      sessionId: SessionId,
      credentials: AuthJson
    ) {
      yield* state.atomically((t) => {
        t.authState.set(sessionId, { ...(t.authState.get(sessionId) ?? empty), credentials: Option.some(credentials) })
      })
    })

    const getKeys = Effect.fn("AuthStateStoreMemory.getKeys")(function*(
      sessionId: SessionId,
      type: string,
      ids: ReadonlyArray<string>
    ) {
      return yield* state.atomically((t) => {
        const keys = t.authState.get(sessionId)?.keys.get(type)
        // `fromEntries` defines own properties, so an id such as `__proto__` stays a plain key.
        return Object.fromEntries(ids.flatMap((id): Array<[string, AuthJson]> => {
          const value = keys?.get(id)
          return value === undefined ? [] : [[id, value]]
        }))
      })
    })

    const setKeys = Effect.fn("AuthStateStoreMemory.setKeys")(function*(sessionId: SessionId, writes: AuthKeyWrites) {
      yield* state.atomically((t) => {
        const current = t.authState.get(sessionId) ?? empty
        const keys = new Map(current.keys)
        for (const [type, byId] of Object.entries(writes)) {
          const ofType = new Map(keys.get(type))
          for (const [id, value] of Object.entries(byId)) {
            if (value === null) ofType.delete(id)
            else ofType.set(id, value)
          }
          keys.set(type, ofType)
        }
        t.authState.set(sessionId, { ...current, keys })
      })
    })

    const clear = Effect.fn("AuthStateStoreMemory.clear")(function*(sessionId: SessionId) {
      yield* state.atomically((t) => {
        t.authState.delete(sessionId)
      })
    })

    return AuthStateStore.of({ loadCredentials, saveCredentials, getKeys, setKeys, clear })
  })
)
