import { toValidationError, ValidationError } from "@wagate/core"
import { Cause, Effect, Layer, type Schema } from "effect"
import { isUtf8 } from "node:buffer"
import { HttpEffect, HttpServerRequest } from "effect/http"
import { HttpApiError } from "effect/http-api"
import { ApiFailures } from "../api/ApiFailures.ts"
import { type InternalError, maxBodyBytes, PayloadTooLarge } from "../api/errors/gatewayErrors.ts"
import { closeConnection, internalError } from "./ErrorEnvelope.ts"

type Issue = Schema.SchemaError["issue"]

/** HttpApi decodes the payload with a union of the endpoint's payload schemas: look through it. */
const firstLeaf = (issue: Issue): Issue => issue._tag === "AnyOf" && issue.issues[0] !== undefined ? firstLeaf(issue.issues[0]) : issue

/** Whether the request came without a body: no `Content-Length` (or 0) and no `Transfer-Encoding`. */
const hasNoBody = (request: HttpServerRequest.HttpServerRequest): boolean =>
  request.headers["transfer-encoding"] === undefined &&
  (request.headers["content-length"] === undefined || Number(request.headers["content-length"]) === 0)

/**
 * A failure of the body as a whole: not JSON (the payload decoder's own issue), absent, or not an object. (The
 * decoder's union issue does not keep the input, so an absent body is told from the request.)
 */
const wholeBodyMessage = (issue: Issue, request: HttpServerRequest.HttpServerRequest): string => {
  if (firstLeaf(issue)._tag === "InvalidValue") return "the request body is not valid JSON"
  if (hasNoBody(request)) return "a JSON object body is required"
  return "the request body must be a JSON object"
}

const locationOf = {
  Params: { name: "path", message: "invalid path parameter" },
  Query: { name: "query", message: "invalid query parameter" },
  Headers: { name: "headers", message: "invalid header" }
} as const

/** A request part that failed decoding, as the use-cases' own `ValidationError` would name its fields. */
const invalidRequest = (
  error: HttpApiError.HttpApiSchemaError,
  request: HttpServerRequest.HttpServerRequest
): ValidationError => {
  const validation = toValidationError(error.cause)
  if (error.kind === "Params" || error.kind === "Query" || error.kind === "Headers") {
    const location = locationOf[error.kind]
    // A failure at the root of the path, query or headers has no field name; name the location instead.
    const details: Record<string, string> = {}
    for (const [key, value] of Object.entries(validation.details)) details[key === "body" ? location.name : key] = value
    return new ValidationError({ message: `${location.message} ${Object.keys(details).join(", ")}`, details })
  }
  const fields = Object.keys(validation.details)
  if (fields.length !== 1 || fields[0] !== "body") return validation
  return new ValidationError({ message: wholeBodyMessage(error.cause.issue, request), details: validation.details })
}

/** The payload decoder's answer to a content type the endpoint does not take: the contract's 400. */
const unsupportedContentType = (request: HttpServerRequest.HttpServerRequest) =>
  new ValidationError({
    message: `unsupported content type ${request.headers["content-type"] ?? ""}; send application/json`,
    details: { "content-type": "must be application/json" }
  })

/** JSON, or no content type at all (HttpApi reads that as JSON too). */
const isJsonBody = (request: HttpServerRequest.HttpServerRequest): boolean => {
  const contentType = request.headers["content-type"]
  return contentType === undefined || contentType.split(";")[0]?.trim().toLowerCase() === "application/json"
}

const invalidUtf8 = new ValidationError({ message: "the request body is not valid UTF-8", details: { body: "is not valid UTF-8" } })
const unreadable = new ValidationError({ message: "the request body could not be read", details: { body: "unreadable" } })

/**
 * Reads a JSON body before the payload decoder does (it reuses what was read): over the limit is 413 with
 * `Connection: close`; bytes that are not UTF-8 are refused, where the decoder would turn them into U+FFFD.
 */
const readJsonBody = (request: HttpServerRequest.HttpServerRequest) =>
  request.arrayBuffer.pipe(
    Effect.catch((error): Effect.Effect<never, PayloadTooLarge | ValidationError, HttpServerRequest.HttpServerRequest> =>
      error.reason._tag === "RequestParseError" && error.reason.reason === "BodyTooLarge"
        ? Effect.andThen(
          HttpEffect.appendPreResponseHandler((_request, response) => Effect.succeed(closeConnection(response))),
          Effect.fail(new PayloadTooLarge({ maxBytes: maxBodyBytes }))
        )
        : Effect.fail(unreadable)
    ),
    // Checked where they lie, not decoded: the payload decoder decodes the body itself.
    Effect.flatMap((bytes) => isUtf8(bytes) ? Effect.void : Effect.fail(invalidUtf8))
  )

/**
 * A request decoding failure (`HttpApiSchemaError`, the hook HttpApi gives for them) as the 400 naming the fields;
 * a response that fails to encode (a bug) as the 500. Other failures pass as they are.
 */
const shapeFailure = <E>(
  error: E,
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<never, E | ValidationError | InternalError> => {
  if (!HttpApiError.HttpApiSchemaError.is(error)) return Effect.fail(error)
  if (error.kind === "Body" || error.kind === "ResponseHeaders") return Effect.flatMap(internalError(Cause.fail(error)), Effect.fail)
  return Effect.fail(invalidRequest(error, request))
}

/**
 * `ApiFailures`: the framework's own failures on an endpoint become the errors the middleware declares, each
 * encoded by its one wire form: request decoding failures 400 naming the fields, the payload decoder's 415 for a
 * content type other than JSON 400, a body over the limit 413, invalid UTF-8 400, a defect or a response that
 * fails to encode 500.
 */
export const ApiFailuresLive = Layer.succeed(ApiFailures, (httpEffect, { endpoint }) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (endpoint.payload.size > 0 && isJsonBody(request)) yield* readJsonBody(request)
    const response = yield* Effect.catch(httpEffect, (error) => shapeFailure(error, request))
    return response.status === 415 ? yield* Effect.fail(unsupportedContentType(request)) : response
  }).pipe(Effect.catchDefect((defect) => Effect.flatMap(internalError(Cause.die(defect)), Effect.fail))))
