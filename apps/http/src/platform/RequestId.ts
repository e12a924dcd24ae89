import { IdGenerator } from "@wagate/core"
import { Context, Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/** The header that carries the request id, in and out. */
export const requestIdHeader = "x-request-id"

/** The id of the request being served; `""` outside a request (or when `RequestId` is not installed). */
export const CurrentRequestId = Context.Reference<string>("@wagate/http/CurrentRequestId", { defaultValue: () => "" })

/** 1 to 128 visible ASCII characters: anything else (spaces, controls, non-ASCII, too long) is replaced. */
const acceptable = /^[\x21-\x7e]{1,128}$/

/** Whether a caller-supplied `X-Request-Id` is reused as is. */
export const isAcceptableRequestId = (value: string | undefined): value is string =>
  value !== undefined && acceptable.test(value)

/**
 * Middleware: reuses an acceptable incoming `X-Request-Id` or makes one with `nextId`, provides it as
 * `CurrentRequestId`, annotates every log of the request with `requestId`, and echoes it on the response.
 * It must be the outermost middleware so that error responses made inside it carry the header too.
 */
export const withRequestId = (nextId: Effect.Effect<string>) =>
<E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const incoming = request.headers[requestIdHeader]
    const id = isAcceptableRequestId(incoming) ? incoming : yield* nextId
    const response = yield* app.pipe(
      Effect.provideService(CurrentRequestId, id),
      Effect.annotateLogs("requestId", id)
    )
    return HttpServerResponse.setHeader(response, requestIdHeader, id)
  })

/**
 * `withRequestId` alone as a global middleware, ids from the `IdGenerator` (ULIDs). Prefer `Platform.middleware`,
 * which puts it in the right place among the others.
 */
export const RequestId = {
  layer: HttpRouter.middleware(
    Effect.gen(function*() {
      const ids = yield* IdGenerator
      return withRequestId(ids.next)
    }),
    { global: true }
  )
} as const
