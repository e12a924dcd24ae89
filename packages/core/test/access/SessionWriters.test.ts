import { assert, describe, it } from "@effect/vitest"
import { exclusive, SessionId, SessionWriters } from "@wagate/core"
import { Context, Deferred, Effect, Fiber, Layer, Ref } from "effect"

const x = SessionId.make("x")
const y = SessionId.make("y")

/** Lets every ready fiber run (no time passes). */
const settle = Effect.replicateEffect(Effect.yieldNow, 20, { discard: true })

/** Holds session `id`'s writer until `gate` opens; `entered` completes once it holds it. */
const holdWriter = (id: SessionId, log: Ref.Ref<ReadonlyArray<string>>, name: string) =>
  Effect.gen(function*() {
    const entered = yield* Deferred.make<void>()
    const gate = yield* Deferred.make<void>()
    const fiber = yield* Effect.forkChild(exclusive(id)(Effect.gen(function*() {
      yield* Ref.update(log, (entries) => [...entries, `${name} start`])
      yield* Deferred.succeed(entered, undefined)
      yield* Deferred.await(gate)
      yield* Ref.update(log, (entries) => [...entries, `${name} end`])
    })))
    yield* Deferred.await(entered)
    return { fiber, release: Deferred.succeed(gate, undefined) }
  })

const note = (log: Ref.Ref<ReadonlyArray<string>>, entry: string) => Ref.update(log, (entries) => [...entries, entry])

describe("SessionWriters", () => {
  it.effect("one writer per session at a time; other sessions are not held up", () =>
    Effect.gen(function*() {
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const first = yield* holdWriter(x, log, "x1")
      const second = yield* Effect.forkChild(exclusive(x)(note(log, "x2")))
      yield* exclusive(y)(note(log, "y"))
      yield* settle
      assert.deepStrictEqual(yield* Ref.get(log), ["x1 start", "y"], "x2 waits for x1; y does not")
      yield* first.release
      yield* Fiber.join(first.fiber)
      yield* Fiber.join(second)
      assert.deepStrictEqual(yield* Ref.get(log), ["x1 start", "y", "x1 end", "x2"])
    }).pipe(Effect.provide(SessionWriters.layer)))

  it.effect("two builds of the layer (two hexagons) do not share writers", () =>
    Effect.gen(function*() {
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      // `fresh`: built again here rather than taken from this test's memoised build.
      const other = yield* Layer.build(Layer.fresh(SessionWriters.layer)).pipe(Effect.map(Context.get(SessionWriters)))
      const held = yield* holdWriter(x, log, "here")
      // Would wait forever if the other layer's writers were these.
      yield* other.exclusive(x)(note(log, "other layer"))
      assert.deepStrictEqual(yield* Ref.get(log), ["here start", "other layer"])
      yield* held.release
      yield* Fiber.join(held.fiber)
    }).pipe(Effect.provide(SessionWriters.layer)))

  it.effect("keeps only the sessions being written: many sessions later, nothing is left", () =>
    Effect.gen(function*() {
      const writers = yield* SessionWriters
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      for (let i = 0; i < 1000; i++) yield* exclusive(SessionId.make(`s${i}`))(Effect.void)
      yield* Effect.forEach(
        Array.from({ length: 500 }, (_, i) => SessionId.make(`c${i % 50}`)),
        (id) => exclusive(id)(Effect.yieldNow),
        { concurrency: "unbounded", discard: true }
      )
      assert.strictEqual(yield* writers.size, 0)

      const held = yield* holdWriter(x, log, "x1")
      const waiter = yield* Effect.forkChild(exclusive(x)(Effect.void))
      yield* settle
      assert.strictEqual(yield* writers.size, 1, "a writer and a waiter share their session's entry")
      yield* Fiber.interrupt(waiter)
      yield* held.release
      yield* Fiber.join(held.fiber)
      assert.strictEqual(yield* writers.size, 0, "an interrupted waiter leaves nothing behind")

      const failed = yield* Effect.flip(exclusive(y)(Effect.fail("boom")))
      assert.strictEqual(failed, "boom")
      assert.strictEqual(yield* writers.size, 0, "nor does a writer that failed")
    }).pipe(Effect.provide(SessionWriters.layer)))
})
