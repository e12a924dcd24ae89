import { assert, describe, it } from "@effect/vitest"
import { IdGenerator } from "@wagate/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const timeOf = (ulid: string) => [...ulid.slice(0, 10)].reduce((acc, c) => acc * 32 + CROCKFORD.indexOf(c), 0)

describe("IdGenerator", () => {
  it.effect("makes 26-character ULIDs that sort by creation time", () =>
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      yield* TestClock.setTime(Date.UTC(2026, 10, 22))
      const first = yield* ids.next
      yield* TestClock.adjust("1 millis")
      const second = yield* ids.next
      assert.match(first, /^[0-9A-HJKMNP-TV-Z]{26}$/)
      assert.isTrue(first < second)
      assert.strictEqual(timeOf(first), Date.UTC(2026, 10, 22), "the time part encodes the clock")
      assert.notStrictEqual(yield* ids.next, second, "random part differs within one millisecond")
    }).pipe(Effect.provide(IdGenerator.layer)))
})
