import { assert, describe, it } from "@effect/vitest"
import { TransportOwnership } from "@wagate/core"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { TransportOwnershipPg } from "../src/index.ts"
import { testDatabase, testDatabaseUrl, withDatabase } from "../src/testing/index.ts"

/** Builds an ownership layer in a scope of its own, so a test can end one holder while another lives. */
const claimIn = Effect.fnUntraced(function*(scope: Scope.Scope, url: ReturnType<typeof withDatabase>) {
  const context = yield* Layer.buildWithScope(TransportOwnershipPg.layerUrl(url), scope)
  return Context.get(context, TransportOwnership)
})

describe("TransportOwnershipPg (real Postgres)", () => {
  it.live("one owner per database: the second claimant observes and is told who holds it; the lock goes with its holder", () =>
    Effect.gen(function*() {
      const base = testDatabaseUrl()
      const url = withDatabase(base, yield* testDatabase(base))
      const other = withDatabase(base, yield* testDatabase(base))

      const firstScope = yield* Scope.make()
      const first = yield* claimIn(firstScope, url)
      assert.deepStrictEqual(first.ownership, { _tag: "Owner" })

      const second = yield* claimIn(yield* Effect.scope, url)
      assert.strictEqual(second.ownership._tag, "Observer")
      if (second.ownership._tag === "Observer") {
        assert.match(second.ownership.holder, /^another gateway process \(wagate\), Postgres backend pid \d+ from /)
      }

      // Advisory locks are per database: a gateway on another database of the same server owns its own.
      const elsewhere = yield* claimIn(yield* Effect.scope, other)
      assert.deepStrictEqual(elsewhere.ownership, { _tag: "Owner" })

      // The owner stops (its connection closes): the next process to start owns the database.
      yield* Scope.close(firstScope, Exit.void)
      const third = yield* claimIn(yield* Effect.scope, url)
      assert.deepStrictEqual(third.ownership, { _tag: "Owner" })
    }).pipe(Effect.scoped))
})
