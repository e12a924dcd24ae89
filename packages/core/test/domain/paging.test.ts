import { assert, describe, it } from "@effect/vitest"
import { pageOfList, toPage, toPageQuery } from "@wagate/core"
import { Effect } from "effect"

describe("paging", () => {
  it.effect("defaults to 100 and round-trips the cursor", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* toPageQuery(undefined), { limit: 100, after: null })
      const page = toPage({ items: [1, 2], lastKey: "120363@g.us" })
      assert.notStrictEqual(page.nextCursor, "")
      assert.deepStrictEqual(yield* toPageQuery({ limit: 2, cursor: page.nextCursor }), { limit: 2, after: "120363@g.us" })
      assert.strictEqual(toPage({ items: [], lastKey: null }).nextCursor, "")
    }))

  it.effect("refuses limits outside 1..1000 and cursors it did not make", () =>
    Effect.gen(function*() {
      for (const limit of [0, 1001, 1.5, -1]) {
        const error = yield* Effect.flip(toPageQuery({ limit }))
        assert.property(error.details, "limit")
      }
      for (const cursor of ["garbage", "eyJ4IjoxfQ", "%%%"]) {
        const error = yield* Effect.flip(toPageQuery({ cursor }))
        assert.property(error.details, "cursor")
      }
    }))

  it.effect("pages an in-memory list by key, stable under inserts before the cursor", () =>
    Effect.gen(function*() {
      const rows = ["d", "a", "c", "b", "e"].map((k) => ({ k }))
      const first = pageOfList(rows, (r) => r.k, { limit: 2, after: null })
      assert.deepStrictEqual(first.items.map((r) => r.k), ["a", "b"])
      const query = yield* toPageQuery({ limit: 2, cursor: first.nextCursor })
      const second = pageOfList([...rows, { k: "aa" }], (r) => r.k, query)
      assert.deepStrictEqual(second.items.map((r) => r.k), ["c", "d"])
      const third = pageOfList(rows, (r) => r.k, yield* toPageQuery({ limit: 2, cursor: second.nextCursor }))
      assert.deepStrictEqual(third.items.map((r) => r.k), ["e"])
      assert.strictEqual(third.nextCursor, "")
    }))
})
