import { StoreHealth, StoreUnavailable } from "@wagate/core"
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { StoreUnavailableResponse } from "../api/errors/domainErrors.ts"
import { errorResponse } from "../api/errors/wireError.ts"

/** How long `/readyz` waits for the store before answering 503. */
const pingTimeout = "2 seconds"
/** `Retry-After` when the ping timed out rather than failing with its own advice. */
const defaultRetryAfterSeconds = 5

/** The same 503 an endpoint answers when the store is down. */
const unavailable = (error: StoreUnavailable) => errorResponse(StoreUnavailableResponse, error)

/**
 * `GET /healthz`: 200 `{"status":"ok"}` while the process serves. `GET /readyz`: 200 when the store answers a
 * ping within 2 seconds, else 503 `unavailable` with `Retry-After`.
 */
export const Health = {
  layer: HttpRouter.use(Effect.fnUntraced(function*(router) {
    const health = yield* StoreHealth
    yield* router.add("GET", "/healthz", HttpServerResponse.jsonUnsafe({ status: "ok" }))
    yield* router.add(
      "GET",
      "/readyz",
      health.ping.pipe(
        Effect.timeout(pingTimeout),
        Effect.tapError((error) => Effect.logWarning("readiness: the store did not answer", error)),
        Effect.match({
          onSuccess: () => HttpServerResponse.jsonUnsafe({ status: "ok" }),
          onFailure: (error) =>
            unavailable(
              error._tag === "StoreUnavailable"
                ? error
                : new StoreUnavailable({ message: "the store did not answer in time", retryAfterSeconds: defaultRetryAfterSeconds })
            )
        }),
        Effect.withSpan("Health.readiness")
      )
    )
  }))
} as const
