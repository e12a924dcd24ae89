import { assert, layer, type Vitest } from "@effect/vitest"
import { type AuthJson, AuthStateStore, SessionStore } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { assertNone, freshOwner, getSome, siblingOwner, uniqueTag } from "./fixtures.ts"

/** What the auth state suite needs: auth state is stored under a session, and removing the session removes it. */
export type AuthStateStoreContractServices = AuthStateStore | SessionStore

/** Credentials shaped like a WhatsApp library's: nested objects, arrays, numbers, booleans and nulls. */
const credentials = (): AuthJson => ({
  me: { id: `6281200${uniqueTag().slice(-4)}:1@s.whatsapp.net`, name: "Ops" },
  registrationId: 4711,
  noiseKey: { private: "cHJpdmF0ZQ==", public: "cHVibGlj" },
  accountSyncCounter: 0,
  registered: true,
  platform: null,
  processedHistoryMessages: [{ key: { id: "3EB0" }, messageTimestamp: 1767225600 }],
  signalIdentities: []
})

const preKey = (i: number): AuthJson => ({ private: `priv-${i}`, public: `pub-${i}` })

/** Registers the `AuthStateStore` tests on `it`. */
export const authStateStoreTests = (it: Vitest.MethodsNonLive<AuthStateStoreContractServices>): void => {
  it.effect("credentials round-trip per session; saving again replaces them", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      assertNone(yield* auth.loadCredentials(owner.sessionId), "no credentials before the first save")

      const first = credentials()
      yield* auth.saveCredentials(owner.sessionId, first)
      assert.deepStrictEqual(getSome(yield* auth.loadCredentials(owner.sessionId)), first)

      const second: AuthJson = { me: null, registrationId: 42, nested: { deep: [1, 2.5, "three", false, null, { x: [] }] } }
      yield* auth.saveCredentials(owner.sessionId, second)
      assert.deepStrictEqual(getSome(yield* auth.loadCredentials(owner.sessionId)), second)
    }))

  it.effect("getKeys returns only the keys that exist among the ids asked for, of the type asked for", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      yield* auth.setKeys(owner.sessionId, {
        "pre-key": { "1": preKey(1), "2": preKey(2), "3": preKey(3) },
        "session": { "1": { record: "c2Vzc2lvbg==" } }
      })

      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["1", "3", "9"]), { "1": preKey(1), "3": preKey(3) })
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "session", ["1", "2"]), { "1": { record: "c2Vzc2lvbg==" } })
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "sender-key", ["1"]), {}, "no keys of a type never written")
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", []), {}, "nothing asked, nothing found")
    }))

  it.effect("setKeys writes and deletes (null) in one batch; a key written again is replaced", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      yield* auth.setKeys(owner.sessionId, { "pre-key": { "1": preKey(1), "2": preKey(2) }, "app-state-sync-key": { "a": "AAE=" } })

      yield* auth.setKeys(owner.sessionId, {
        "pre-key": { "1": null, "2": preKey(20), "3": preKey(3), "4": null },
        "app-state-sync-key": { "a": null, "b": 7 },
        "sender-key": {}
      })

      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["1", "2", "3", "4"]), { "2": preKey(20), "3": preKey(3) })
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "app-state-sync-key", ["a", "b"]), { "b": 7 })
      yield* auth.setKeys(owner.sessionId, {})
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["2", "3"]), { "2": preKey(20), "3": preKey(3) })
    }))

  it.effect("a large batch is written whole", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      const ids = Array.from({ length: 300 }, (_, i) => String(i + 1))
      yield* auth.setKeys(owner.sessionId, { "pre-key": Object.fromEntries(ids.map((id) => [id, preKey(Number(id))])) })

      const found = yield* auth.getKeys(owner.sessionId, "pre-key", ids)
      assert.strictEqual(Object.keys(found).length, 300)
      assert.deepStrictEqual(found["300"], preKey(300))
    }))

  it.effect("clear forgets the session's credentials and keys, and nothing of other sessions", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      for (const { sessionId } of [owner, sibling]) {
        yield* auth.saveCredentials(sessionId, credentials())
        yield* auth.setKeys(sessionId, { "pre-key": { "1": preKey(1) } })
      }

      yield* auth.clear(owner.sessionId)
      assertNone(yield* auth.loadCredentials(owner.sessionId))
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["1"]), {})
      getSome(yield* auth.loadCredentials(sibling.sessionId), "the sibling's credentials")
      assert.deepStrictEqual(yield* auth.getKeys(sibling.sessionId, "pre-key", ["1"]), { "1": preKey(1) })
      yield* auth.clear(owner.sessionId)

      yield* auth.saveCredentials(owner.sessionId, { registrationId: 1 })
      assert.deepStrictEqual(getSome(yield* auth.loadCredentials(owner.sessionId)), { registrationId: 1 }, "a cleared session links again")
    }))

  it.effect("another session's state is invisible", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const other = yield* freshOwner
      yield* auth.saveCredentials(owner.sessionId, credentials())
      yield* auth.setKeys(owner.sessionId, { "pre-key": { "1": preKey(1) } })

      for (const stranger of [sibling, other]) {
        assertNone(yield* auth.loadCredentials(stranger.sessionId), "no credentials of another session")
        assert.deepStrictEqual(yield* auth.getKeys(stranger.sessionId, "pre-key", ["1"]), {})
      }
      yield* auth.setKeys(sibling.sessionId, { "pre-key": { "1": null } })
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["1"]), { "1": preKey(1) }, "another session's delete leaves it")
    }))

  it.effect("removing the session deletes its auth state", () =>
    Effect.gen(function*() {
      const auth = yield* AuthStateStore
      const sessions = yield* SessionStore
      const owner = yield* freshOwner
      const kept = yield* siblingOwner(owner)
      for (const { sessionId } of [owner, kept]) {
        yield* auth.saveCredentials(sessionId, credentials())
        yield* auth.setKeys(sessionId, { "pre-key": { "1": preKey(1) }, "session": { "x": "eA==" } })
      }

      yield* sessions.remove(owner.orgId, owner.sessionId)
      assertNone(yield* auth.loadCredentials(owner.sessionId), "no credentials of a removed session")
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "pre-key", ["1"]), {})
      assert.deepStrictEqual(yield* auth.getKeys(owner.sessionId, "session", ["x"]), {})
      getSome(yield* auth.loadCredentials(kept.sessionId), "the sibling's credentials")
      assert.deepStrictEqual(yield* auth.getKeys(kept.sessionId, "session", ["x"]), { "x": "eA==" })
    }))
}

/** The `AuthStateStore` contract: every adapter of the port must pass it. */
export const authStateStoreContract = <E>(name: string, storeLayer: Layer.Layer<AuthStateStoreContractServices, E>): void =>
  layer(storeLayer)(name, authStateStoreTests)
