import { SendRateLimiter } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"
import { LocalRateLimiter } from "./LocalTransport.ts"
import { SessionEntity } from "./SessionEntity.ts"

/**
 * The hexagon's rate limiter in a cluster: a synchronous send asks how long to wait of the session's owner, whose
 * limiter is the one its drain spends (exact: one owner per session). Spending stays with the owner's drain.
 */
export const ClusterRateLimiter = Layer.effect(
  SendRateLimiter,
  Effect.gen(function*() {
    const client = yield* SessionEntity.client
    const local = yield* LocalRateLimiter
    return SendRateLimiter.of({
      take: local.take,
      tryTake: local.tryTake,
      // An owner out of reach says nothing of the rate: the send is accepted, and waits its turn in the queue.
      delayMillis: (sessionId) =>
        client(sessionId).RateDelay().pipe(Effect.timeout(Duration.seconds(5)), Effect.orElseSucceed(() => 0))
    })
  })
)
