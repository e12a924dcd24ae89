import { IdGenerator } from "@wagate/core"
import { Cause, Clock, Effect, Layer } from "effect"
import { HttpEffect, HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { logAccess, type RequestOutcome } from "./AccessLog.ts"
import { errorEnvelope, type ErrorEnvelopeOptions, finishBareResponse } from "./ErrorEnvelope.ts"
import { ShutdownState } from "./GracefulShutdown.ts"
import { Health } from "./Health.ts"
import type { KnownRoute } from "./KnownRoutes.ts"
import { captureRoute, Metrics, recordRequest, unmatchedRoute } from "./Metrics.ts"
import { CurrentRequestId, requestIdHeader, withRequestId } from "./RequestId.ts"
import { strictPaths } from "./StrictPaths.ts"

/** The operations routes this module mounts, so a wrong method on them is a 405 too. */
export const platformRoutes: ReadonlyArray<KnownRoute> = [
  { method: "GET", path: "/healthz" },
  { method: "GET", path: "/readyz" },
  { method: "GET", path: "/metrics" }
]

/** Status of a request interrupted before it answered: 499 when the client went away, else 503 (shutdown). */
const interruptedStatus = (cause: Cause.Cause<unknown>): number =>
  cause.reasons.some((reason) => Cause.isInterruptReason(reason) && reason.annotations.has(HttpServerError.ClientAbort.key))
    ? 499
    : 503

/**
 * Times the request and, when it ends, counts it in the metrics and writes its access log line. The route comes
 * from `captureRoute` further in; the status is the one the client got, envelope and all.
 */
const observe = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>,
  route: () => string
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const started = yield* Clock.currentTimeNanos
    return yield* Effect.onExit(app, (exit) =>
      Effect.gen(function*() {
        const ended = yield* Clock.currentTimeNanos
        const outcome: RequestOutcome = {
          method: request.method,
          path: request.url.split("?")[0] ?? request.url,
          route: route(),
          status: exit._tag === "Success" ? exit.value.status : interruptedStatus(exit.cause),
          durationMs: Number(ended - started) / 1_000_000
        }
        yield* recordRequest(outcome)
        yield* logAccess(outcome)
      }))
  })

/**
 * The last word on every response the server sends, including those the server makes itself when a request is
 * interrupted (an empty 503 on shutdown): the request id, the envelope for an error that has none (and only
 * then: every other error response was made in it), and `Connection: close` while draining.
 */
const lastWord = (requestId: string, shutdown: ShutdownState) =>
  HttpEffect.appendPreResponseHandler((_request, response) => {
    const finished = HttpServerResponse.setHeader(finishBareResponse(response, requestId), requestIdHeader, requestId)
    return Effect.succeed(shutdown.draining() ? HttpServerResponse.setHeader(finished, "connection", "close") : finished)
  })

/**
 * The platform's global middleware, in the one order that works, outermost first:
 * strict paths (`;` and `#` stay in their path segment, see `strictPaths`) →
 * request id (so every response, errors included, carries `X-Request-Id` and every log line `requestId`) →
 * access log and metrics (so they see the final status) → error envelope → route capture (innermost, see
 * `captureRoute`). Installed as a single global middleware so the order does not depend on layer build order.
 */
const middleware = (options: ErrorEnvelopeOptions = {}) =>
  HttpRouter.middleware(
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      const shutdown = yield* ShutdownState
      const requestId = withRequestId(ids.next)
      const envelope = errorEnvelope({ routes: [...platformRoutes, ...(options.routes ?? [])] })
      return <E>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E>) =>
        strictPaths(requestId(Effect.gen(function*() {
          yield* lastWord(yield* CurrentRequestId, shutdown)
          let route = unmatchedRoute
          const routed = captureRoute(app, (template) => {
            route = template
          })
          return yield* observe(envelope(routed), () => route)
        })))
    }),
    { global: true }
  )

/**
 * Everything of `platform/` an HTTP app mounts: the global middleware (`middleware`) and the operations routes
 * `/healthz`, `/readyz`, `/metrics` (`routes`). `layer` is both.
 */
export const Platform = {
  middleware,
  routes: Layer.mergeAll(Health.layer, Metrics.layer),
  layer: (options: ErrorEnvelopeOptions = {}) => Layer.mergeAll(middleware(options), Health.layer, Metrics.layer)
} as const
