import { ClusterStatus } from "@wagate/cluster"
import { StoreHealth, StoreUnavailable } from "@wagate/core"
import { Effect, Option } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { StoreUnavailableResponse } from "../api/errors/domainErrors.ts"
import { errorResponse } from "../api/errors/wireError.ts"
import { clusterJson, runnerNotReady, runnerReady } from "./ClusterReadiness.ts"

/** How long `/readyz` waits for the store (and for the runner's state) before answering 503. */
const pingTimeout = "2 seconds"
/** `Retry-After` when the ping timed out rather than failing with its own advice. */
const defaultRetryAfterSeconds = 5

/** The same 503 an endpoint answers when the store is down. */
const unavailable = (error: StoreUnavailable) => errorResponse(StoreUnavailableResponse, error)

const ok = HttpServerResponse.jsonUnsafe({ status: "ok" })

/**
 * Once the store answered: 200 with the runner's state when this process is a cluster runner (`ClusterStatus` in
 * the context), 503 while a runner among others is not registered (`runnerReady`); 200 `{"status":"ok"}` without
 * one, as before the cluster.
 */
const runnerReadiness = (cluster: Option.Option<ClusterStatus["Service"]>) =>
  Option.match(cluster, {
    onNone: () => Effect.succeed(ok),
    onSome: (status) =>
      status.state.pipe(
        Effect.timeoutOption(pingTimeout),
        Effect.map(Option.match({
          onNone: () => runnerNotReady("the runner's cluster state did not answer in time; retry later"),
          onSome: (state) =>
            runnerReady(state)
              ? HttpServerResponse.jsonUnsafe({ status: "ok", cluster: clusterJson(state) })
              : runnerNotReady(`runner ${state.runner} is not registered in the cluster (starting or stopping); retry later`)
        }))
      )
  })

/**
 * `GET /healthz`: 200 `{"status":"ok"}` while the process serves. `GET /readyz`: 200 when the store answers a
 * ping within 2 seconds, else 503 `unavailable` with `Retry-After`; on a cluster runner the 200 carries its state
 * (`cluster`), and a runner among others that is not registered is 503 too (`ClusterReadiness.ts`).
 */
export const Health = {
  layer: HttpRouter.use(Effect.fnUntraced(function*(router) {
    const health = yield* StoreHealth
    // Provided by the cluster runtime on a `baileys` gateway; absent on the in-process simulator.
    const cluster = yield* Effect.serviceOption(ClusterStatus)
    yield* router.add("GET", "/healthz", HttpServerResponse.jsonUnsafe({ status: "ok" }))
    yield* router.add(
      "GET",
      "/readyz",
      health.ping.pipe(
        Effect.timeout(pingTimeout),
        Effect.tapError((error) => Effect.logWarning("readiness: the store did not answer", error)),
        Effect.matchEffect({
          onSuccess: () => runnerReadiness(cluster),
          onFailure: (error) =>
            Effect.succeed(unavailable(
              error._tag === "StoreUnavailable"
                ? error
                : new StoreUnavailable({ message: "the store did not answer in time", retryAfterSeconds: defaultRetryAfterSeconds })
            ))
        }),
        Effect.withSpan("Health.readiness")
      )
    )
  }))
} as const
