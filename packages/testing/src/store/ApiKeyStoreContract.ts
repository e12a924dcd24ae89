import { assert, layer, type Vitest } from "@effect/vitest"
import { type ApiKey, ApiKeyStore } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { apiKeyIds, assertNone, at, freshHash, freshOrgId, getSome, makeApiKey } from "./fixtures.ts"

/** Registers the `ApiKeyStore` tests on `it`. */
export const apiKeyStoreTests = (it: Vitest.MethodsNonLive<ApiKeyStore>): void => {
  it.effect("insert then findByHash returns the key", () =>
    Effect.gen(function*() {
      const keys = yield* ApiKeyStore
      const key = makeApiKey(freshOrgId(), apiKeyIds()(1), { name: "ci", capabilities: ["read", "send", "manage"] })
      const hash = freshHash()
      yield* keys.insert(key, hash)

      assert.deepStrictEqual(getSome(yield* keys.findByHash(hash)), key)
      assertNone(yield* keys.findByHash(freshHash()), "no key for an unknown hash")
      assert.deepStrictEqual(getSome(yield* keys.findById(key.id)), key, "findById finds any organisation's key")
      assertNone(yield* keys.findById(apiKeyIds()(2)), "no key for an unknown id")
    }))

  it.effect("list orders an organisation's keys by id and pages by id", () =>
    Effect.gen(function*() {
      const keys = yield* ApiKeyStore
      const orgId = freshOrgId()
      const id = apiKeyIds()
      for (const i of [2, 3, 1]) {
        yield* keys.insert(makeApiKey(orgId, id(i), { name: `k${i}` }), freshHash())
      }
      yield* keys.insert(makeApiKey(freshOrgId(), id(4)), freshHash())
      const ids = (page: { readonly items: ReadonlyArray<ApiKey> }) => page.items.map((k) => k.id)

      const first = yield* keys.list(orgId, { limit: 2, after: null })
      assert.deepStrictEqual(ids(first), [id(1), id(2)])
      assert.strictEqual(first.lastKey, id(2))
      const rest = yield* keys.list(orgId, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(rest.items, [makeApiKey(orgId, id(3), { name: "k3" })])
      assert.isNull(rest.lastKey)
      assert.isNull((yield* keys.list(orgId, { limit: 3, after: null })).lastKey)
      assert.deepStrictEqual(ids(yield* keys.list(freshOrgId(), { limit: 10, after: null })), [])
    }))

  it.effect("revoke sets revokedAt for the organisation's key only", () =>
    Effect.gen(function*() {
      const keys = yield* ApiKeyStore
      const orgId = freshOrgId()
      const key = makeApiKey(orgId, apiKeyIds()(1))
      const hash = freshHash()
      yield* keys.insert(key, hash)

      assertNone(yield* keys.revoke(freshOrgId(), key.id, at(40)), "another organisation cannot revoke it")
      assert.isNull(getSome(yield* keys.findByHash(hash)).revokedAt)

      const revoked = getSome(yield* keys.revoke(orgId, key.id, at(41)))
      assert.deepStrictEqual(revoked, { ...key, revokedAt: at(41) })
      assert.deepStrictEqual(getSome(yield* keys.findByHash(hash)), revoked, "a revoked key is still found, to be refused")
      assert.deepStrictEqual((yield* keys.list(orgId, { limit: 10, after: null })).items, [revoked])
      assertNone(yield* keys.revoke(orgId, apiKeyIds()(1), at(42)), "no unknown key")
    }))

  it.effect("touch sets lastUsedAt", () =>
    Effect.gen(function*() {
      const keys = yield* ApiKeyStore
      const key = makeApiKey(freshOrgId(), apiKeyIds()(1))
      const hash = freshHash()
      yield* keys.insert(key, hash)

      yield* keys.touch(key.id, at(50))
      assert.deepStrictEqual(getSome(yield* keys.findByHash(hash)), { ...key, lastUsedAt: at(50) })
      yield* keys.touch(key.id, at(51))
      assert.strictEqual(getSome(yield* keys.findByHash(hash)).lastUsedAt, at(51))
      yield* keys.touch(apiKeyIds()(1), at(52))
    }))
}

/** The `ApiKeyStore` contract: every adapter of the port must pass it. */
export const apiKeyStoreContract = <E>(name: string, storeLayer: Layer.Layer<ApiKeyStore, E>): void =>
  layer(storeLayer)(name, apiKeyStoreTests)
