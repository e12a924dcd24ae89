import { IdGenerator } from "@wagate/core"
import { Cause, Clock, Effect, Layer } from "effect"
import { HttpEffect, HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { logAccess, type RequestOutcome } from "./AccessLog.ts"
import { errorEnvelope, type ErrorEnvelopeOptions, finishBareResponse } from "./ErrorEnvelope.ts"
import { ShutdownState } from "./GracefulShutdown.ts"
import { Health } from "./Health.ts"
import type { KnownRoute } from "./KnownRoutes.ts"
import { captureRoute, Metrics, recordRequest, unmatchedRoute } from "./Metrics.ts"
import { CurrentRequestId, isAcceptableRequestId, requestIdHeader } from "./RequestId.ts"
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
 *
 * Every request runs through it, so it is one step per request rather than one wrapper per concern: the request
 * id is set on the response once (by `lastWord`, which sees every response), the request is timed and, when it
 * ends, counted in the metrics and logged (`Effect.onExit`: an interrupted request too, as 499 or 503).
 */
const middleware = (options: ErrorEnvelopeOptions = {}) =>
  HttpRouter.middleware(
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      const shutdown = yield* ShutdownState
      const envelope = errorEnvelope({ routes: [...platformRoutes, ...(options.routes ?? [])] })
      return <E>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E>) => {
        const serve = (request: HttpServerRequest.HttpServerRequest, requestId: string) =>
          Effect.gen(function*() {
            yield* lastWord(requestId, shutdown)
            const started = yield* Clock.currentTimeNanos
            let route = unmatchedRoute
            const routed = captureRoute(app, (template) => {
              route = template
            })
            return yield* Effect.onExit(envelope(routed), (exit) =>
              Effect.flatMap(Clock.currentTimeNanos, (ended) => {
                const outcome: RequestOutcome = {
                  method: request.method,
                  path: request.url.split("?")[0] ?? request.url,
                  route,
                  status: exit._tag === "Success" ? exit.value.status : interruptedStatus(exit.cause),
                  durationMs: Number(ended - started) / 1_000_000
                }
                return Effect.andThen(recordRequest(outcome), logAccess(outcome))
              }))
          }).pipe(Effect.provideService(CurrentRequestId, requestId), Effect.annotateLogs("requestId", requestId))
        return strictPaths(Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
          const incoming = request.headers[requestIdHeader]
          return isAcceptableRequestId(incoming)
            ? serve(request, incoming)
            : Effect.flatMap(ids.next, (requestId) => serve(request, requestId))
        }))
      }
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
