import { assert, layer, type Vitest } from "@effect/vitest"
import { type IdempotencyRecord, IdempotencyStore, type NewIdempotencyKey } from "@wagate/core"
import { Effect, type Layer, Option } from "effect"
import { at, freshMessageId, freshOrgId, uniqueTag } from "./fixtures.ts"

const freshKey = (): string => `idem-${uniqueTag()}`

const newKey = (fingerprint: string, async = false): NewIdempotencyKey => ({ fingerprint, messageId: freshMessageId(), async, at: at(1) })

const recordOf = (claim: NewIdempotencyKey): IdempotencyRecord => ({
  _tag: "Message",
  fingerprint: claim.fingerprint,
  messageId: claim.messageId,
  async: claim.async
})

/** Registers the `IdempotencyStore` tests on `it`. */
export const idempotencyStoreTests = (it: Vitest.MethodsNonLive<IdempotencyStore>): void => {
  it.effect("the first claim wins; later claims and finds answer its record, whatever their fingerprint", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()
      const first = newKey("fp-1", true)

      assert.isTrue(Option.isNone(yield* store.find(orgId, key)), "an unused key has no record")
      assert.isTrue(Option.isNone(yield* store.claim(orgId, key, first)), "claimed")
      assert.deepStrictEqual(yield* store.find(orgId, key), Option.some(recordOf(first)))
      assert.deepStrictEqual(yield* store.claim(orgId, key, newKey("fp-1")), Option.some(recordOf(first)))
      assert.deepStrictEqual(yield* store.claim(orgId, key, newKey("fp-2")), Option.some(recordOf(first)), "a later caller learns the first one's fingerprint")
    }))

  it.effect("keys are per organisation", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const [a, b] = [freshOrgId(), freshOrgId()]
      const key = freshKey()
      const [forA, forB] = [newKey("fp-a"), newKey("fp-b")]

      assert.isTrue(Option.isNone(yield* store.claim(a, key, forA)))
      assert.isTrue(Option.isNone(yield* store.claim(b, key, forB)), "the same key in another organisation is free")
      assert.deepStrictEqual(yield* store.find(a, key), Option.some(recordOf(forA)))
      assert.deepStrictEqual(yield* store.find(b, key), Option.some(recordOf(forB)))
    }))

  it.effect("of many concurrent claims of one key exactly one wins, and the others get its record", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()
      const claims = Array.from({ length: 32 }, (_, i) => newKey(`fp-${i}`))

      const results = yield* Effect.forEach(claims, (claim) => store.claim(orgId, key, claim), { concurrency: "unbounded" })
      const winners = claims.filter((_, i) => Option.isNone(results[i] ?? Option.none()))
      assert.strictEqual(winners.length, 1)
      const winner = winners[0]
      if (winner === undefined) return
      for (const result of results) {
        if (Option.isSome(result)) assert.deepStrictEqual(result.value, recordOf(winner))
      }
    }))
}

/** The `IdempotencyStore` contract: every adapter of the port must pass it. */
export const idempotencyStoreContract = <E>(name: string, storeLayer: Layer.Layer<IdempotencyStore, E>): void =>
  layer(storeLayer)(name, idempotencyStoreTests)
