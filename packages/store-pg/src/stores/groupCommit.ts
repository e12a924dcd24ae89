import type { StoreUnavailable } from "@wagate/core"
import { Cause, Deferred, Effect, Exit, Option, Queue, type Scope } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { storeUnavailable } from "../errors.ts"

/** One call waiting for its batch: what it asked, and where its answer goes. */
interface Waiting<I, O, E> {
  readonly input: I
  readonly answer: Deferred.Deferred<O, E>
}

/**
 * Group commit (ADR 0036): concurrent calls share statements. `lanes` fibers each take the calls waiting (at most
 * `max`, at least one) and run them as one batch; a call made while every lane is busy waits for the next batch,
 * with the others that came meanwhile. Under light load a call runs at once and alone, so nothing waits for a
 * timer; under load the number of statements (and commits) per call falls with the batch size.
 *
 * `run` answers each input's exit, in order. A batch that fails as a whole (the connection lost, a constraint of
 * one row failing the statement) is run again one call at a time (`runOne`), so one bad call fails only itself.
 * The lanes live in the scope; a call is answered even when its caller was interrupted (its write may commit).
 * A call made inside a transaction (`inTransaction`) runs in it, alone: a lane's statement would run outside it.
 */
export const groupCommit = Effect.fn("groupCommit")(function*<I, O, E>(options: {
  readonly lanes: number
  readonly max: number
  readonly run: (batch: ReadonlyArray<I>) => Effect.Effect<ReadonlyArray<Exit.Exit<O, E>>, E>
  readonly runOne: (input: I) => Effect.Effect<O, E>
  readonly inTransaction: Effect.Effect<boolean>
}): Effect.fn.Return<(input: I) => Effect.Effect<O, E>, never, Scope.Scope> {
  const waiting = yield* Queue.unbounded<Waiting<I, O, E>>()

  const answerOneByOne = (batch: ReadonlyArray<Waiting<I, O, E>>) =>
    Effect.forEach(batch, (call) => Effect.flatMap(Effect.exit(options.runOne(call.input)), (exit) => Deferred.done(call.answer, exit)), {
      discard: true
    })

  const runBatch = (batch: ReadonlyArray<Waiting<I, O, E>>) => Effect.gen(function*() {
    if (batch.length === 1) return yield* answerOneByOne(batch)
    const exits = yield* Effect.exit(options.run(batch.map((call) => call.input)))
    if (Exit.isFailure(exits) && Cause.hasInterruptsOnly(exits.cause)) {
      return yield* Effect.forEach(batch, (call) => Deferred.done(call.answer, Exit.failCause(exits.cause)), { discard: true })
    }
    if (Exit.isFailure(exits)) return yield* answerOneByOne(batch)
    yield* Effect.forEach(batch, (call, i) => {
      const exit = exits.value[i]
      return exit === undefined
        ? Deferred.die(call.answer, new Error("a batch answered fewer calls than it was given"))
        : Deferred.done(call.answer, exit)
    }, { discard: true })
  })

  // A batch taken is finished (its writes may commit): closing the scope waits for it. Calls still waiting then
  // are interrupted.
  const lane = Effect.forever(Effect.flatMap(Queue.takeBetween(waiting, 1, options.max), (batch) => Effect.uninterruptible(runBatch(batch))))
  yield* Effect.addFinalizer(() =>
    Effect.flatMap(Queue.clear(waiting), (left) => Effect.forEach(left, (call) => Deferred.interrupt(call.answer), { discard: true })))
  for (let i = 0; i < options.lanes; i++) yield* Effect.forkScoped(lane)

  const grouped = (input: I) =>
    Effect.flatMap(Deferred.make<O, E>(), (answer) =>
      Effect.andThen(Queue.offer(waiting, { input, answer }), Deferred.await(answer)))
  return (input: I) => Effect.flatMap(options.inTransaction, (inside) => (inside ? options.runOne(input) : grouped(input)))
})

/** Whether the calling fiber is inside a transaction of `client` (its statements must then run on its connection). */
export const inTransactionOf = (client: SqlClient): Effect.Effect<boolean> =>
  Effect.map(Effect.serviceOption(client.transactionService), Option.isSome)

/** A whole batch failed: its calls run again one at a time, where each failure is told (and logged) on its own. */
export const quietly = <A, R>(self: Effect.Effect<A, SqlError | StoreUnavailable, R>): Effect.Effect<A, StoreUnavailable, R> =>
  Effect.mapError(self, storeUnavailable)
