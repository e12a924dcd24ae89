import { assert, describe, it } from "@effect/vitest"
import {
  ApiKeyStore,
  createApiKey,
  CoreServices,
  listApiKeys,
  OrgId,
  type Principal,
  revokeApiKey,
  StoreUnavailable
} from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { authPortContract } from "@wagate/testing"
import { Effect, Layer, Redacted, Ref } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { ApiKeyAuth, BearerAuth } from "../src/index.ts"
import { authenticate, refused, settle } from "./support/helpers.ts"
import { SpiedApiKeyStore, StoreSpy } from "./support/SpiedApiKeyStore.ts"

const acmeAdmin: Principal = { orgId: OrgId.make("acme"), capabilities: ["read", "send", "manage"] }

// The contract reads the fixture when its tests run, after the layer below has minted the key.
const fixture = {
  validToken: "",
  principal: { orgId: OrgId.make("acme"), capabilities: ["read", "send"] } satisfies Principal,
  unknownToken: "wgk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  unknownReason: "unknown_key" as const
}

const mintFixtureKey = Layer.effectDiscard(Effect.gen(function*() {
  fixture.validToken = (yield* createApiKey(acmeAdmin, { name: "contract", capabilities: ["read", "send"] })).key
}))

authPortContract(
  "BearerAuth (api key)",
  Layer.mergeAll(BearerAuth.layer(), mintFixtureKey).pipe(
    Layer.provideMerge(MemoryStore.layer),
    Layer.provide(CoreServices.layer)
  ),
  fixture
)

/** `BearerAuth` without JWTs over the spied memory store, with the core services for `createApiKey` and hashing. */
const ApiKeysOnly = BearerAuth.layer().pipe(Layer.provideMerge(Layer.merge(SpiedApiKeyStore, CoreServices.layer)))

const mint = (capabilities: ReadonlyArray<"read" | "send" | "manage">) =>
  createApiKey(acmeAdmin, { name: "test", capabilities })

const touchCount = Effect.gen(function*() {
  const spy = yield* StoreSpy
  return (yield* Ref.get(spy.touches)).length
})

describe("api keys", () => {
  it.effect("a valid key authenticates as its organisation with its capabilities", () =>
    Effect.gen(function*() {
      const reader = yield* mint(["read"])
      const sender = yield* createApiKey({ orgId: OrgId.make("globex"), capabilities: ["read", "send", "manage"] }, {
        capabilities: ["send", "read"]
      })
      assert.deepStrictEqual(yield* authenticate(reader.key), { orgId: OrgId.make("acme"), capabilities: ["read"] })
      assert.deepStrictEqual(yield* authenticate(sender.key), { orgId: OrgId.make("globex"), capabilities: ["send", "read"] })
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("a revoked key is refused on the very next request", () =>
    Effect.gen(function*() {
      const created = yield* mint(["read", "send"])
      yield* authenticate(created.key)
      yield* revokeApiKey(acmeAdmin, created.id)
      const error = yield* refused(created.key)
      assert.strictEqual(error.reason, "revoked")
      assert.notInclude(error.message, created.key)
      assert.strictEqual((yield* refused(created.key)).reason, "revoked", "and stays refused")
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("a well-formed key nobody minted is unknown", () =>
    Effect.gen(function*() {
      yield* mint(["read"])
      for (const token of ["wgk_" + "x".repeat(43), "wgk_" + "-_".repeat(30)]) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, "unknown_key")
        assert.notInclude(error.message, token)
      }
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("a key of the wrong shape is malformed and never looked up", () =>
    Effect.gen(function*() {
      const created = yield* mint(["read"])
      const spy = yield* StoreSpy
      const malformed = [
        "wgk_",
        "wgk_short",
        created.key.slice(0, -1), // 42 characters
        `${created.key.slice(0, -1)}+`,
        `${created.key.slice(0, -1)}=`,
        `${created.key.slice(0, 10)}.${created.key.slice(11)}`,
        `${created.key} `,
        `wgk_${"A".repeat(300)}`
      ]
      for (const token of malformed) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, "malformed", JSON.stringify(token))
        if (token.length > "wgk_".length) assert.notInclude(error.message, token)
      }
      assert.strictEqual(yield* Ref.get(spy.lookups), 0)
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("a key with the wrong prefix is not an api key: without JWTs it is invalid", () =>
    Effect.gen(function*() {
      const created = yield* mint(["read"])
      const body = created.key.slice(4)
      for (const token of [`wgx_${body}`, `WGK_${body}`, ` ${created.key}`, body]) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, "invalid", JSON.stringify(token))
        assert.include(error.message, "JWTs are not configured")
      }
      assert.strictEqual((yield* refused("")).reason, "missing")
      assert.strictEqual((yield* refused("  ")).reason, "missing")
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("the store being down is StoreUnavailable, not a refusal", () =>
    Effect.gen(function*() {
      const created = yield* mint(["read"])
      const spy = yield* StoreSpy
      yield* Ref.set(spy.lookupDown, true)
      const error = yield* Effect.flip(authenticate(created.key))
      assert.instanceOf(error, StoreUnavailable)
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("use is recorded as lastUsedAt, at most once a minute per key", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-03-01T10:00:00.000Z"))
      const first = yield* mint(["read"])
      const second = yield* mint(["read"])
      for (let i = 0; i < 5; i++) yield* authenticate(first.key)
      yield* authenticate(second.key)
      yield* settle
      assert.strictEqual(yield* touchCount, 2, "one write per key")
      const listed = (yield* listApiKeys(acmeAdmin)).items
      assert.deepStrictEqual(listed.map((key) => String(key.lastUsedAt)), ["2026-03-01T10:00:00.000Z", "2026-03-01T10:00:00.000Z"])

      yield* TestClock.adjust("59 seconds")
      yield* authenticate(first.key)
      yield* settle
      assert.strictEqual(yield* touchCount, 2, "not again within the minute")

      yield* TestClock.adjust("1 second")
      yield* authenticate(first.key)
      yield* settle
      assert.strictEqual(yield* touchCount, 3, "again after a minute")
      const store = yield* ApiKeyStore
      const page = yield* store.list(OrgId.make("acme"), { limit: 10, after: null })
      assert.strictEqual(page.items.find((key) => key.id === first.id)?.lastUsedAt, "2026-03-01T10:01:00.000Z")
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("a failing, dying or hanging lastUsedAt write never fails or holds the request", () =>
    Effect.gen(function*() {
      const spy = yield* StoreSpy
      for (const mode of ["fail", "die", "hang"] as const) {
        yield* Ref.set(spy.touchMode, mode)
        const created = yield* mint(["read", "send"])
        assert.deepStrictEqual(yield* authenticate(created.key), { orgId: OrgId.make("acme"), capabilities: ["read", "send"] }, mode)
        yield* settle
        assert.deepStrictEqual(yield* authenticate(created.key), { orgId: OrgId.make("acme"), capabilities: ["read", "send"] }, mode)
      }
      assert.strictEqual(yield* touchCount, 3, "each key's write was attempted once")
    }).pipe(Effect.provide(ApiKeysOnly)))

  it.effect("ApiKeyAuth on its own refuses anything that is not an api key", () =>
    Effect.gen(function*() {
      const auth = yield* ApiKeyAuth
      const error = yield* Effect.flip(auth.authenticate(Redacted.make("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(error._tag === "Unauthorized" ? error.reason : "", "invalid")
    }).pipe(Effect.provide(ApiKeyAuth.layer.pipe(Layer.provide([MemoryStore.layer, CoreServices.layer])))))

})
