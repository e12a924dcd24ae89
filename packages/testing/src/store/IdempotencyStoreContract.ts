import { assert, layer, type Vitest } from "@effect/vitest"
import { type IdempotentOutcome, IdempotencyStore, MessageId, SessionId, type Reservation, WaMessageId } from "@wagate/core"
import { Effect, type Layer } from "effect"
import { at, freshOrgId, uniqueTag, userJid } from "./fixtures.ts"

const freshKey = (): string => `idem-${uniqueTag()}`

const outcome = (): IdempotentOutcome => ({
  result: {
    id: MessageId.make(`msg-${uniqueTag()}`),
    sessionId: SessionId.make(`ses-${uniqueTag()}`),
    to: userJid(2),
    type: "text",
    status: "sent",
    waMessageId: WaMessageId.make("3EB0A1B2C3D4E5F6A7B8C9"),
    attempts: 1,
    createdAt: at(30),
    updatedAt: at(31),
    error: null
  },
  async: false
})

/** Registers the `IdempotencyStore` tests on `it`. */
export const idempotencyStoreTests = (it: Vitest.MethodsNonLive<IdempotencyStore>): void => {
  it.effect("the first reserve wins; later ones see it in progress, then completed", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()
      const done = outcome()

      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-1", at(1)), { _tag: "Reserved" })
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-1", at(2)), { _tag: "InProgress", fingerprint: "fp-1" })
      assert.deepStrictEqual(
        yield* store.reserve(orgId, key, "fp-2", at(3)),
        { _tag: "InProgress", fingerprint: "fp-1" },
        "a later caller learns the first caller's fingerprint"
      )

      yield* store.complete(orgId, key, done)
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-1", at(4)), { _tag: "Completed", fingerprint: "fp-1", outcome: done })
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-2", at(5)), { _tag: "Completed", fingerprint: "fp-1", outcome: done })
    }))

  it.effect("the outcome keeps the async flag and an error", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()
      const base = outcome()
      const done: IdempotentOutcome = { async: true, result: { ...base.result, status: "failed", error: { code: "not_on_whatsapp", message: "not on WhatsApp" } } }

      yield* store.reserve(orgId, key, "fp", at(1))
      yield* store.complete(orgId, key, done)
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp", at(2)), { _tag: "Completed", fingerprint: "fp", outcome: done })
    }))

  it.effect("keys are per organisation", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const [a, b] = [freshOrgId(), freshOrgId()]
      const key = freshKey()

      assert.deepStrictEqual(yield* store.reserve(a, key, "fp-a", at(1)), { _tag: "Reserved" })
      assert.deepStrictEqual(yield* store.reserve(b, key, "fp-b", at(1)), { _tag: "Reserved" })
      yield* store.complete(a, key, outcome())
      assert.deepStrictEqual(yield* store.reserve(b, key, "fp-x", at(2)), { _tag: "InProgress", fingerprint: "fp-b" })
      yield* store.release(b, key)
      assert.strictEqual((yield* store.reserve(a, key, "fp-a", at(3)))._tag, "Completed", "releasing in one organisation leaves the other")
    }))

  it.effect("release frees a key for a new request", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()

      yield* store.reserve(orgId, key, "fp-1", at(1))
      yield* store.release(orgId, key)
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-2", at(2)), { _tag: "Reserved" })
      assert.deepStrictEqual(yield* store.reserve(orgId, key, "fp-1", at(3)), { _tag: "InProgress", fingerprint: "fp-2" })
      yield* store.release(orgId, freshKey())
    }))

  it.effect("of many concurrent reserves of one key exactly one wins", () =>
    Effect.gen(function*() {
      const store = yield* IdempotencyStore
      const orgId = freshOrgId()
      const key = freshKey()

      const results: ReadonlyArray<Reservation> = yield* Effect.forEach(
        Array.from({ length: 32 }, (_, i) => i),
        (i) => store.reserve(orgId, key, `fp-${i}`, at(1)),
        { concurrency: "unbounded" }
      )
      const winners = results.flatMap((r, i) => (r._tag === "Reserved" ? [i] : []))
      assert.strictEqual(winners.length, 1)
      const fingerprint = `fp-${winners[0]}`
      for (const r of results) {
        if (r._tag !== "Reserved") assert.deepStrictEqual(r, { _tag: "InProgress", fingerprint })
      }
    }))
}

/** The `IdempotencyStore` contract: every adapter of the port must pass it. */
export const idempotencyStoreContract = <E>(name: string, storeLayer: Layer.Layer<IdempotencyStore, E>): void =>
  layer(storeLayer)(name, idempotencyStoreTests)
