/**
 * How runners judge each other (ADR 0039): the quicker ping, and every runner's watch of its peers, which marks a
 * peer that does not answer unhealthy in the runner storage (so its shards move even when the dead runner was the
 * one running the engine's own check).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Option } from "effect"
import { RunnerUnavailable } from "effect/cluster/ClusterError"
import * as MessageStorage from "effect/cluster/MessageStorage"
import * as Runner from "effect/cluster/Runner"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as RunnerHealth from "effect/cluster/RunnerHealth"
import * as Runners from "effect/cluster/Runners"
import * as RunnerStorage from "effect/cluster/RunnerStorage"
import * as ShardingConfig from "effect/cluster/ShardingConfig"
import * as Snowflake from "effect/cluster/Snowflake"
import { TestClock } from "effect/testing"
import { PeerWatch, quickPing, WATCH_INTERVAL } from "../src/PeerHealth.ts"

const self = RunnerAddress.make("127.0.0.1", 34001)
const alive = RunnerAddress.make("127.0.0.1", 34002)
const dead = RunnerAddress.make("127.0.0.1", 34003)
const runnerAt = (address: RunnerAddress.RunnerAddress) => Runner.make({ address, groups: ["default"], weight: 1 })

const config = ShardingConfig.layer({ runnerAddress: Option.some(self) })

/** Runners whose pings `answer` decides (true: answered), counting the pings per address. */
const pinging = (answer: (address: RunnerAddress.RunnerAddress, attempt: number) => boolean, pings: Map<string, number>) =>
  Layer.effect(
    Runners.Runners,
    Effect.map(Runners.makeNoop, (runners) =>
      Runners.Runners.of({
        ...runners,
        ping: (address) =>
          Effect.suspend(() => {
            const attempt = (pings.get(address.toString()) ?? 0) + 1
            pings.set(address.toString(), attempt)
            return answer(address, attempt) ? Effect.void : Effect.fail(new RunnerUnavailable({ address }))
          })
      }))
  ).pipe(Layer.provide([MessageStorage.layerNoop, Snowflake.layerGenerator, config]))

/** A health check that says `dead` is dead and every other runner alive. */
const deadIsDead = Layer.succeed(RunnerHealth.RunnerHealth, RunnerHealth.RunnerHealth.of({ isAlive: (address) => Effect.succeed(address !== dead) }))

const healthOf = (storage: RunnerStorage.RunnerStorage["Service"]) =>
  Effect.map(storage.getRunners, (runners) => new Map(runners.map(([runner, healthy]) => [runner.address.toString(), healthy])))

describe("runners' health (ADR 0039)", () => {
  it.effect("the quicker ping: a runner that refuses is dead after three pings; one that answers at the second try is alive", () => {
    const pings = new Map<string, number>()
    return Effect.gen(function*() {
      const health = yield* RunnerHealth.RunnerHealth
      const answers = yield* Effect.forkChild(Effect.all([health.isAlive(dead), health.isAlive(alive)], { concurrency: "unbounded" }))
      yield* TestClock.adjust("1 second")
      const [deadAnswer, aliveAnswer] = yield* Fiber.join(answers)
      assert.isFalse(deadAnswer)
      assert.isTrue(aliveAnswer)
      assert.strictEqual(pings.get(dead.toString()), 3)
      assert.strictEqual(pings.get(alive.toString()), 2)
    }).pipe(Effect.provide(quickPing.pipe(Layer.provide(pinging((address, attempt) => address === alive && attempt >= 2, pings)))))
  })

  it.effect("every runner watches its peers: a dead one is marked unhealthy within a watch, the others stay healthy", () =>
    Effect.gen(function*() {
      const storage = yield* RunnerStorage.RunnerStorage
      for (const address of [self, alive, dead]) yield* storage.register(runnerAt(address), true)
      yield* Layer.build(PeerWatch)
      yield* TestClock.adjust(WATCH_INTERVAL)
      const health = yield* healthOf(storage)
      assert.deepStrictEqual([health.get(self.toString()), health.get(alive.toString()), health.get(dead.toString())], [true, true, false])
    }).pipe(Effect.scoped, Effect.provide(Layer.mergeAll(RunnerStorage.layerMemory, deadIsDead, config))))

  it.effect("a runner its peers deem unhealthy does not judge them", () =>
    Effect.gen(function*() {
      const storage = yield* RunnerStorage.RunnerStorage
      for (const address of [self, alive, dead]) yield* storage.register(runnerAt(address), true)
      yield* storage.setRunnerHealth(self, false)
      yield* Layer.build(PeerWatch)
      yield* TestClock.adjust(WATCH_INTERVAL)
      yield* TestClock.adjust(WATCH_INTERVAL)
      const health = yield* healthOf(storage)
      assert.deepStrictEqual([health.get(self.toString()), health.get(alive.toString()), health.get(dead.toString())], [false, true, true])
    }).pipe(Effect.scoped, Effect.provide(Layer.mergeAll(RunnerStorage.layerMemory, deadIsDead, config))))
})
