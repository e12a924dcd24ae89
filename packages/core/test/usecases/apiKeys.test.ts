import { assert, describe, it } from "@effect/vitest"
import { ApiKeyStore, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "@wagate/core"
import { Effect, Option } from "effect"
import { acme, acmeSender, globex, World } from "../support/world.ts"

describe("api keys", () => {
  it.effect("a created key is shown once, stored only as its SHA-256, and listed without it", () =>
    Effect.gen(function*() {
      const created = yield* createApiKey(acme, { name: "ci", capabilities: ["read", "send"] })
      assert.match(created.key, /^wgk_[A-Za-z0-9_-]{43}$/)
      assert.deepStrictEqual(created.capabilities, ["read", "send"])
      const store = yield* ApiKeyStore
      const found = yield* store.findByHash(yield* hashApiKey(created.key))
      assert.isTrue(Option.isSome(found))
      assert.strictEqual(Option.getOrUndefined(found)?.id, created.id)
      assert.isTrue(Option.isNone(yield* store.findByHash(created.key)), "the key itself is not a lookup key")

      const listed = yield* listApiKeys(acme)
      assert.deepStrictEqual(listed.items.map((k) => k.id), [created.id])
      assert.notProperty(listed.items[0], "key")
      assert.notInclude(JSON.stringify(listed), created.key)
      assert.deepStrictEqual((yield* listApiKeys(globex)).items, [])
      const other = yield* createApiKey(acme, { capabilities: ["read"] })
      assert.notStrictEqual(other.key, created.key)
    }).pipe(Effect.provide(World)))

  it.effect("nobody mints capabilities they lack; managing keys needs manage", () =>
    Effect.gen(function*() {
      const limited = { ...acme, capabilities: ["read", "manage"] as const }
      const error = yield* Effect.flip(createApiKey(limited, { capabilities: ["send"] }))
      assert.deepStrictEqual([error._tag, error._tag === "MissingCapability" ? error.capability : ""], ["MissingCapability", "send"])
      assert.strictEqual((yield* Effect.flip(createApiKey(acmeSender, { capabilities: ["read"] })))._tag, "MissingCapability")
      for (const capabilities of [[], ["admin"], ["read", "read"], "read"]) {
        assert.strictEqual((yield* Effect.flip(createApiKey(acme, { capabilities })))._tag, "ValidationError")
      }
    }).pipe(Effect.provide(World)))

  it.effect("revoking marks the key revoked; another organisation's key is not found", () =>
    Effect.gen(function*() {
      const created = yield* createApiKey(acme, { capabilities: ["read"] })
      assert.strictEqual((yield* Effect.flip(revokeApiKey(globex, created.id)))._tag, "NotFound")
      yield* revokeApiKey(acme, created.id)
      const store = yield* ApiKeyStore
      const found = yield* store.findByHash(yield* hashApiKey(created.key))
      assert.isNotNull(Option.getOrUndefined(found)?.revokedAt ?? null)
      assert.strictEqual((yield* Effect.flip(revokeApiKey(acme, "nope")))._tag, "NotFound")
    }).pipe(Effect.provide(World)))
})
