import { Duration, Effect, Equal, Layer, Option, Schedule } from "effect"
import * as RunnerHealth from "effect/cluster/RunnerHealth"
import * as Runners from "effect/cluster/Runners"
import * as RunnerStorage from "effect/cluster/RunnerStorage"
import * as ShardingConfig from "effect/cluster/ShardingConfig"

/** How long a ping may go unanswered (a busy runner still answers within it). */
const PING_TIMEOUT = Duration.seconds(2)
/** Pings tried before a runner counts as dead, and how far apart. */
const PING_ATTEMPTS = 3
const PING_SPACING = Duration.millis(100)
/** How often every runner looks at its peers. */
export const WATCH_INTERVAL = Duration.millis(500)

/**
 * A runner is alive while it answers a ping (ADR 0038). The engine's own check tries five times 500 ms apart (2.5 s
 * at least); the port of a killed process refuses at once, so three tries 100 ms apart tell its death in about
 * 0.2 s, and a hung runner (no answer within 2 s, three times) in about 6 s.
 */
export const quickPing = Layer.effect(
  RunnerHealth.RunnerHealth,
  Effect.gen(function*() {
    const runners = yield* Runners.Runners
    return RunnerHealth.RunnerHealth.of({
      isAlive: (address) =>
        runners.ping(address).pipe(
          Effect.timeout(PING_TIMEOUT),
          Effect.retry({ times: PING_ATTEMPTS - 1, schedule: Schedule.spaced(PING_SPACING) }),
          Effect.isSuccess
        )
    })
  })
)

/**
 * Every runner watches its peers. The engine checks runners' health in one of them (a singleton); when that runner
 * is the one that died, nothing marked it unhealthy and its shards stayed assigned to it until its registration
 * expired. Here each runner that is itself healthy pings the others every `WATCH_INTERVAL` and marks one that does
 * not answer unhealthy in the runner storage: every runner's next refresh of the assignments moves its shards. The
 * engine's check marks a runner healthy again once it answers, and a restarted runner registers healthy.
 */
export const PeerWatch = Layer.effectDiscard(
  Effect.gen(function*() {
    const storage = yield* RunnerStorage.RunnerStorage
    const health = yield* RunnerHealth.RunnerHealth
    const self = (yield* ShardingConfig.ShardingConfig).runnerAddress
    const isSelf = (runner: { readonly address: unknown }) => Option.isSome(self) && Equal.equals(runner.address, self.value)

    const look = Effect.gen(function*() {
      const runners = yield* storage.getRunners
      // A runner its peers deem unhealthy does not judge them.
      if (!runners.some(([runner, healthy]) => healthy && isSelf(runner))) return
      const peers = runners.flatMap(([runner, healthy]) => (healthy && !isSelf(runner) ? [runner] : []))
      yield* Effect.forEach(peers, (runner) =>
        Effect.flatMap(health.isAlive(runner.address), (alive) =>
          alive ? Effect.void : storage.setRunnerHealth(runner.address, false).pipe(
            Effect.andThen(Effect.logInfo("a runner did not answer; its shards move", { runner: runner.address.toString() }))
          )), { concurrency: "unbounded", discard: true })
    })

    yield* look.pipe(
      Effect.catchCause((cause) => Effect.logDebug("watching the peers failed", cause)),
      Effect.andThen(Effect.sleep(WATCH_INTERVAL)),
      Effect.forever,
      Effect.forkScoped
    )
  })
)
