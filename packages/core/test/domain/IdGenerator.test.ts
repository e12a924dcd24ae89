import { assert, describe, it } from "@effect/vitest"
import { IdGenerator } from "@wagate/core"
import { Effect, Layer } from "effect"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as WebCrypto from "effect/crypto/WebCrypto"
import { TestClock } from "effect/testing"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const timeOf = (ulid: string) => [...ulid.slice(0, 10)].reduce((acc, c) => acc * 32 + CROCKFORD.indexOf(c), 0)

/** A random source that answers `fill` for every byte, and counts the calls. */
const fixedRandom = (fill: number) => {
  const calls = { count: 0 }
  const service = SecureRandom.make((size) => {
    calls.count++
    return new Uint8Array(size).fill(fill)
  })
  return { calls, layer: Layer.succeed(SecureRandom.SecureRandom, service) }
}

describe("IdGenerator", () => {
  it.effect("makes 26-character ULIDs whose time part is the clock's", () =>
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      yield* TestClock.setTime(Date.UTC(2026, 10, 22))
      const first = yield* ids.next
      yield* TestClock.adjust("1 millis")
      const second = yield* ids.next
      assert.match(first, /^[0-9A-HJKMNP-TV-Z]{26}$/)
      assert.isTrue(first < second)
      assert.strictEqual(timeOf(first), Date.UTC(2026, 10, 22), "the time part encodes the clock")
      assert.strictEqual(timeOf(second), Date.UTC(2026, 10, 22) + 1)
    }).pipe(Effect.provide(IdGenerator.layer)))

  it.effect("is monotonic within a millisecond: ids sort in the order they were made", () =>
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      yield* TestClock.setTime(Date.UTC(2026, 10, 22))
      const made: Array<string> = []
      for (let i = 0; i < 1000; i++) made.push(yield* ids.next)
      assert.strictEqual(new Set(made).size, 1000, "all different")
      assert.deepStrictEqual([...made].sort(), made, "sorted as made")
      assert.isTrue(made.every((id) => timeOf(id) === Date.UTC(2026, 10, 22)), "one millisecond")
    }).pipe(Effect.provide(IdGenerator.layer)))

  it.effect("takes its randomness from SecureRandom: fresh bytes each millisecond, +1 within one", () => {
    const random = fixedRandom(0)
    return Effect.gen(function*() {
      const ids = yield* IdGenerator
      yield* TestClock.setTime(Date.UTC(2026, 10, 22))
      const first = yield* ids.next
      const second = yield* ids.next
      assert.strictEqual(first.slice(10), "0000000000000000", "the source's bytes")
      assert.strictEqual(second.slice(10), "0000000000000001", "the previous random part plus one")
      assert.strictEqual(random.calls.count, 1)
      yield* TestClock.adjust("1 millis")
      yield* ids.next
      assert.strictEqual(random.calls.count, 2, "a new millisecond draws new bytes")
    }).pipe(Effect.provide(IdGenerator.layerSecureRandom.pipe(Layer.provide(random.layer))))
  })

  it.effect("the default layer draws from the platform's Web Crypto", () => {
    const calls = { count: 0 }
    const crypto: Parameters<typeof WebCrypto.layer>[0] = {
      subtle: globalThis.crypto.subtle,
      randomUUID: () => globalThis.crypto.randomUUID(),
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        calls.count++
        if (array instanceof Uint8Array) array.fill(0xff)
        return array
      }
    }
    return Effect.gen(function*() {
      const id = yield* (yield* IdGenerator).next
      assert.strictEqual(id.slice(10), "ZZZZZZZZZZZZZZZZ")
      assert.strictEqual(calls.count, 1)
    }).pipe(Effect.provide(IdGenerator.layer.pipe(Layer.provide(WebCrypto.layer(crypto)))))
  })
})
