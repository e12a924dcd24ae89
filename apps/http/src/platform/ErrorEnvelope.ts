import { toValidationError } from "@wagate/core"
import { ByteSize, Cause, Effect, Option, Schema } from "effect"
import {
  HttpBody,
  HttpIncomingMessage,
  HttpRouter,
  HttpServerError,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse
} from "effect/http"
import { HttpApiError } from "effect/http-api"
import { STATUS_CODES } from "node:http"
import { type KnownRoute, makeRouteTable, type RouteTable } from "./KnownRoutes.ts"
import { CurrentRequestId } from "./RequestId.ts"

/** The contract's request body limit: 1 MiB. */
export const maxBodyBytes = 1024 * 1024

/** The body of every non-2xx response. */
export const Envelope = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String,
    details: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  })
})
export type Envelope = typeof Envelope.Type

const decodeEnvelope = Schema.decodeUnknownOption(Schema.fromJsonString(Envelope))

/** An envelope response; `details` is always there (`{}` when there is nothing to add), as the contract shows it. */
export const envelopeResponse = (
  status: number,
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    { error: { code, message, details: details ?? {} } },
    { status }
  )

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

const internalMessage = (requestId: string) =>
  requestId === "" ? "internal error" : `internal error; quote request id ${requestId} when reporting it`

/** The envelope already in a response body, if any. */
const envelopeOf = (response: HttpServerResponse.HttpServerResponse): Option.Option<Envelope> =>
  response.body._tag === "Uint8Array" && response.body.contentType.includes("json")
    ? decodeEnvelope(new TextDecoder().decode(response.body.body))
    : Option.none()

type Issue = Schema.SchemaError["issue"]

/** HttpApi decodes the payload with a union of the endpoint's payload schemas: look through it. */
const firstLeaf = (issue: Issue): Issue => issue._tag === "AnyOf" && issue.issues[0] !== undefined ? firstLeaf(issue.issues[0]) : issue

/** Whether the request came without a body: no `Content-Length` (or 0) and no `Transfer-Encoding`. */
const hasNoBody = (request: HttpServerRequest.HttpServerRequest): boolean =>
  request.headers["transfer-encoding"] === undefined &&
  (request.headers["content-length"] === undefined || Number(request.headers["content-length"]) === 0)

/**
 * A failure of the body as a whole: not JSON (the decoder says so), absent, or not an object. (The decoder's union
 * issue does not keep the input, so an absent body is told from the request.)
 */
const readableBodyMessage = (issue: Issue, request: HttpServerRequest.HttpServerRequest): string => {
  if (firstLeaf(issue)._tag === "InvalidValue") return "the request body is not valid JSON"
  if (hasNoBody(request)) return "a JSON object body is required"
  return "the request body must be a JSON object"
}

const locationOf = {
  Params: { name: "path", message: "invalid path parameter" },
  Query: { name: "query", message: "invalid query parameter" },
  Headers: { name: "headers", message: "invalid header" }
} as const

/** A request that failed decoding: `details` as the use-cases' own `ValidationError` would name them. */
const validationResponse = (
  error: HttpApiError.HttpApiSchemaError,
  request: HttpServerRequest.HttpServerRequest
): HttpServerResponse.HttpServerResponse => {
  const validation = toValidationError(error.cause)
  if (error.kind === "Params" || error.kind === "Query" || error.kind === "Headers") {
    const location = locationOf[error.kind]
    // A failure at the root of the path, query or headers has no field name; name the location instead.
    const details: Record<string, string> = {}
    for (const [key, value] of Object.entries(validation.details)) details[key === "body" ? location.name : key] = value
    return envelopeResponse(400, "validation_error", `${location.message} ${Object.keys(details).join(", ")}`, details)
  }
  const fields = Object.keys(validation.details)
  const message = fields.length === 1 && fields[0] === "body" ? readableBodyMessage(error.cause.issue, request) : validation.message
  return envelopeResponse(400, "validation_error", message, validation.details)
}

const tooLarge = (): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.setHeader(
    envelopeResponse(413, "payload_too_large", `the request body is over the limit of ${maxBodyBytes} bytes`, {
      maxBytes: maxBodyBytes
    }),
    "connection",
    "close"
  )

const notFoundOrNotAllowed = (
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
): HttpServerResponse.HttpServerResponse => {
  const path = request.url.split("?")[0] ?? request.url
  const allowed = routes.allowedMethods(request.url)
  if (allowed.length === 0) return envelopeResponse(404, "not_found", `no route for ${request.method} ${path}`)
  return HttpServerResponse.setHeader(
    envelopeResponse(405, "method_not_allowed", `${request.method} is not allowed on ${path}`, { allow: allowed }),
    "allow",
    allowed.join(", ")
  )
}

type Failure =
  | { readonly _tag: "Response"; readonly response: HttpServerResponse.HttpServerResponse }
  | { readonly _tag: "Respondable"; readonly error: HttpServerRespondable.Respondable }

/** The first failure or defect of the cause that has a client-facing answer; anything else is a 500. */
const knownFailure = (
  cause: Cause.Cause<unknown>,
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
): Failure | undefined => {
  for (const reason of cause.reasons) {
    const value = Cause.isFailReason(reason) ? reason.error : Cause.isDieReason(reason) ? reason.defect : undefined
    if (HttpApiError.HttpApiSchemaError.is(value)) {
      // Body and ResponseHeaders are the server's own responses failing to encode: a bug.
      if (value.kind === "Body" || value.kind === "ResponseHeaders") continue
      return { _tag: "Response", response: validationResponse(value, request) }
    }
    if (HttpApiError.HttpApiPayloadTooLarge.is(value)) return { _tag: "Response", response: tooLarge() }
    if (HttpServerError.isHttpServerError(value)) {
      const error = value.reason
      if (error._tag === "RouteNotFound") return { _tag: "Response", response: notFoundOrNotAllowed(request, routes) }
      if (error._tag === "RequestParseError") {
        return {
          _tag: "Response",
          response: error.reason === "BodyTooLarge"
            ? tooLarge()
            : envelopeResponse(400, "validation_error", "the request body could not be read", { body: "unreadable" })
        }
      }
      continue
    }
    if (HttpServerRespondable.isRespondable(value)) return { _tag: "Respondable", error: value }
  }
  return undefined
}

/** Turns a failed request into an envelope response; a 500 logs the full cause and answers only the request id. */
const failureResponse = Effect.fn("ErrorEnvelope.failureResponse")(function*(
  cause: Cause.Cause<unknown>,
  request: HttpServerRequest.HttpServerRequest,
  routes: RouteTable
) {
  const known = knownFailure(cause, request, routes)
  if (known?._tag === "Response") return known.response
  if (known?._tag === "Respondable") {
    const response = yield* HttpServerRespondable.toResponse(known.error)
    if (response.status < 500) return response
  }
  const requestId = yield* CurrentRequestId
  yield* Effect.logError("request failed", cause)
  return envelopeResponse(500, "internal", internalMessage(requestId))
})

/** The response with the envelope as its body (content headers updated), other headers and cookies kept. */
const withEnvelope = (
  response: HttpServerResponse.HttpServerResponse,
  status: number,
  envelope: Envelope
): HttpServerResponse.HttpServerResponse => {
  const replaced = HttpServerResponse.setBody(response, HttpBody.jsonUnsafe(envelope))
  return status === response.status ? replaced : HttpServerResponse.setStatus(replaced, status, STATUS_CODES[status])
}

/** The content type HttpApi's payload decoder refused with its plain-text 415, if that is what this is. */
const unsupportedContentType = (response: HttpServerResponse.HttpServerResponse): string | undefined => {
  if (response.status !== 415 || response.body._tag !== "Uint8Array") return undefined
  const match = /^Unsupported content-type: (.*)$/s.exec(new TextDecoder().decode(response.body.body))
  return match?.[1]
}

/** Integer seconds for `Retry-After`, when the envelope says how long to wait. */
const retryAfterOf = (envelope: Envelope): string | undefined => {
  const value = envelope.error.details?.["retryAfterSeconds"]
  return typeof value === "number" && Number.isFinite(value) ? String(Math.max(0, Math.ceil(value))) : undefined
}

/**
 * Gives any 4xx/5xx response the envelope (keeping one that is already there) and the headers its status calls
 * for: `WWW-Authenticate` on 401, `Retry-After` on 429 and 503. The payload decoder's 415 for a content type
 * other than JSON becomes the contract's 400. Responses below 400 (including redirects) pass through.
 */
export const finishResponse = (
  response: HttpServerResponse.HttpServerResponse,
  requestId: string
): HttpServerResponse.HttpServerResponse => {
  if (response.status < 400) return response
  let result = response
  let envelope = envelopeOf(response)
  const rejectedContentType = unsupportedContentType(response)
  if (rejectedContentType !== undefined) {
    const details = { "content-type": "must be application/json" }
    const message = `unsupported content type ${rejectedContentType}; send application/json`
    result = withEnvelope(response, 400, { error: { code: "validation_error", message, details } })
    envelope = Option.some({ error: { code: "validation_error", message, details } })
  } else if (Option.isNone(envelope)) {
    const code = codeForStatus(response.status)
    const message = code === "internal"
      ? internalMessage(requestId)
      : (STATUS_CODES[response.status] ?? "error").toLowerCase()
    result = withEnvelope(response, response.status, { error: { code, message } })
    envelope = Option.some({ error: { code, message } })
  }
  if (result.status === 401 && result.headers["www-authenticate"] === undefined) {
    result = HttpServerResponse.setHeader(result, "www-authenticate", "Bearer")
  }
  if ((result.status === 429 || result.status === 503) && result.headers["retry-after"] === undefined) {
    const retryAfter = Option.isSome(envelope) ? retryAfterOf(envelope.value) : undefined
    if (retryAfter !== undefined) result = HttpServerResponse.setHeader(result, "retry-after", retryAfter)
  }
  return result
}

export interface ErrorEnvelopeOptions {
  /** Routes whose paths answer `405` (with `Allow`) rather than `404` to another method; see `routesOf`. */
  readonly routes?: ReadonlyArray<KnownRoute> | undefined
}

/**
 * Middleware: every non-2xx response is the contract's envelope. Bodies over 1 MiB are 413 (at once when
 * `Content-Length` says so, else when reading passes the limit); request decoding failures are 400
 * `validation_error` naming the fields; unknown routes 404, known paths with another method 405; anything
 * else is a logged 500 whose body names only the request id. Interruptions pass through.
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
      const requestId = yield* CurrentRequestId
      const declared = Number(request.headers["content-length"])
      if (Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge()
      const response = yield* app.pipe(
        Effect.provideService(HttpIncomingMessage.MaxBodySize, maxBodySize),
        Effect.catchCause((cause) =>
          Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : failureResponse(cause, request, routes)
        )
      )
      return finishResponse(response, requestId)
    })
}

/** `errorEnvelope` alone as a global middleware. Prefer `Platform.middleware`, which orders it after `RequestId`. */
export const ErrorEnvelope = {
  layer: (options: ErrorEnvelopeOptions = {}) => HttpRouter.middleware(errorEnvelope(options), { global: true })
} as const
