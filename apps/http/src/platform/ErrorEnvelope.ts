import { ValidationError } from "@wagate/core"
import { ByteSize, Cause, Effect, Schema } from "effect"
import {
  HttpBody,
  HttpIncomingMessage,
  HttpRouter,
  HttpServerError,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse
} from "effect/http"
import { STATUS_CODES } from "node:http"
import { ValidationErrorResponse } from "../api/errors/domainErrors.ts"
import {
  InternalError,
  InternalErrorResponse,
  maxBodyBytes,
  MethodNotAllowed,
  MethodNotAllowedResponse,
  PayloadTooLarge,
  PayloadTooLargeResponse,
  RouteNotFound,
  RouteNotFoundResponse
} from "../api/errors/gatewayErrors.ts"
import { errorResponse } from "../api/errors/wireError.ts"
import { type KnownRoute, makeRouteTable, type RouteTable } from "./KnownRoutes.ts"
import { CurrentRequestId } from "./RequestId.ts"

export { maxBodyBytes }

/** The body of every non-2xx response, whatever the error: for readers that do not know which it is. */
export const Envelope = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String,
    details: Schema.Record(Schema.String, Schema.Unknown)
  })
})
export type Envelope = typeof Envelope.Type

/** Asks the client to close the connection: the rest of an oversized body is never read. */
export const closeConnection = (response: HttpServerResponse.HttpServerResponse) =>
  HttpServerResponse.setHeader(response, "connection", "close")

/** 413 for a body over the limit, with `Connection: close`. */
export const tooLarge = (): HttpServerResponse.HttpServerResponse =>
  closeConnection(errorResponse(PayloadTooLargeResponse, new PayloadTooLarge({ maxBytes: maxBodyBytes })))

/** Logs a request's failure with its cause (the request id is in the log annotations) and names only the id. */
export const internalError = Effect.fn("ErrorEnvelope.internalError")(function*(cause: Cause.Cause<unknown>) {
  yield* Effect.logError("request failed", cause)
  return InternalError.forRequest(yield* CurrentRequestId)
})

const notFoundOrNotAllowed = (
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
): HttpServerResponse.HttpServerResponse => {
  const path = request.url.split("?")[0] ?? request.url
  const allow = routes.allowedMethods(request.url)
  if (allow.length === 0) {
    return errorResponse(RouteNotFoundResponse, new RouteNotFound({ message: `no route for ${request.method} ${path}` }))
  }
  return errorResponse(
    MethodNotAllowedResponse,
    new MethodNotAllowed({ message: `${request.method} is not allowed on ${path}`, allow })
  )
}

/**
 * The router's own failure, if this is one: no route for the URL (404, or 405 with `Allow` when another method
 * has the path), or a body the server could not read outside any endpoint.
 */
const routerFailure = (
  value: unknown,
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
): HttpServerResponse.HttpServerResponse | undefined => {
  if (!HttpServerError.isHttpServerError(value)) return undefined
  const error = value.reason
  if (error._tag === "RouteNotFound") return notFoundOrNotAllowed(request, routes)
  if (error._tag !== "RequestParseError") return undefined
  if (error.reason === "BodyTooLarge") return tooLarge()
  return errorResponse(
    ValidationErrorResponse,
    new ValidationError({ message: "the request body could not be read", details: { body: "unreadable" } })
  )
}

/**
 * A failed request's response: the router's own failures, then anything that knows its response below 500
 * (`HttpServerRespondable`); everything else is a bug, logged with its cause, answered with the request id only.
 */
const failureResponse = Effect.fn("ErrorEnvelope.failureResponse")(function*(
  cause: Cause.Cause<unknown>,
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
) {
  for (const reason of cause.reasons) {
    const value = Cause.isFailReason(reason) ? reason.error : Cause.isDieReason(reason) ? reason.defect : undefined
    const known = routerFailure(value, request, routes)
    if (known !== undefined) return known
    if (HttpServerRespondable.isRespondable(value)) {
      const response = yield* HttpServerRespondable.toResponse(value)
      if (response.status < 500) return response
    }
  }
  return errorResponse(InternalErrorResponse, yield* internalError(cause))
})

export interface ErrorEnvelopeOptions {
  /** Routes whose paths answer `405` (with `Allow`) rather than `404` to another method; see `routesOf`. */
  readonly routes?: ReadonlyArray<KnownRoute> | undefined
}

/**
 * Middleware: the router's own failures in the envelope. Bodies over 1 MiB are 413 (at once when `Content-Length`
 * says so; endpoints refuse a longer streamed body through `ApiFailures`); unknown routes 404, known paths with
 * another method 405; anything else that escapes a route (a bug) a logged 500 naming only the request id.
 * Interruptions pass through. Endpoints shape their own failures (`ApiFailures`, declared errors): the envelope is
 * made once, where the failure is known.
 */
export const errorEnvelope = (options: ErrorEnvelopeOptions = {}) => {
  const routes = makeRouteTable(options.routes ?? [])
  const maxBodySize = ByteSize.bytes(maxBodyBytes)
  // Typed as passing errors through, as `HttpMiddleware` is: the router's global middleware type requires it.
  return <E, R>(
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const declared = Number(request.headers["content-length"])
      if (Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge()
      return yield* app.pipe(
        Effect.provideService(HttpIncomingMessage.MaxBodySize, maxBodySize),
        Effect.catchCause((cause) =>
          Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : failureResponse(cause, request, routes)
        )
      )
    })
}

/** The error code of a status whose response came without an envelope. */
export const codeForStatus = (status: number): string => {
  switch (status) {
    case 400:
    case 422:
      return "validation_error"
    case 401:
      return "unauthorized"
    case 403:
      return "forbidden"
    case 404:
      return "not_found"
    case 405:
      return "method_not_allowed"
    case 406:
      return "not_acceptable"
    case 408:
      return "request_timeout"
    case 409:
      return "conflict"
    case 413:
      return "payload_too_large"
    case 415:
      return "unsupported_media_type"
    case 429:
      return "rate_limited"
    case 501:
      return "not_implemented"
    case 503:
    case 504:
      return "unavailable"
    default:
      return status >= 500 ? "internal" : "bad_request"
  }
}

const isJson = (body: HttpBody.HttpBody): boolean => body._tag !== "Empty" && (body.contentType ?? "").includes("json")

/**
 * Gives an error response that has no JSON body the envelope for its status: those the server makes itself (an
 * empty 503 for a request cut off by shutdown) and plain ones from routes outside the API. A 500's text never
 * reaches the caller; a 401 gains `WWW-Authenticate: Bearer`. Responses below 400, and JSON ones (made by the
 * errors' own wire forms), pass as they are: nothing is decoded.
 */
export const finishBareResponse = (
  response: HttpServerResponse.HttpServerResponse,
  requestId: string
): HttpServerResponse.HttpServerResponse => {
  if (response.status < 400 || isJson(response.body)) return response
  const code = codeForStatus(response.status)
  const message = code === "internal"
    ? InternalError.forRequest(requestId).message
    : (STATUS_CODES[response.status] ?? "error").toLowerCase()
  const finished = HttpServerResponse.setBody(response, HttpBody.jsonUnsafe({ error: { code, message, details: {} } }))
  return response.status === 401 && response.headers["www-authenticate"] === undefined
    ? HttpServerResponse.setHeader(finished, "www-authenticate", "Bearer")
    : finished
}

/** `errorEnvelope` alone as a global middleware. Prefer `Platform.middleware`, which orders it after `RequestId`. */
export const ErrorEnvelope = {
  layer: (options: ErrorEnvelopeOptions = {}) => HttpRouter.middleware(errorEnvelope(options), { global: true })
} as const
