import { Schema } from "effect"
import { HttpApiSchema } from "effect/http-api"

/**
 * The error envelope of every non-2xx response: `{"error":{"code","message","details"}}`. One class per status, so
 * the OpenAPI document and the typed client know each; none carries a `_tag` on the wire.
 */
const envelope = <const Code extends string>(code: Code) =>
  Schema.Struct({
    error: Schema.Struct({
      code: Schema.Literal(code),
      message: Schema.String,
      details: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
    })
  })

export type ErrorCode =
  | "validation_error"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "internal"
  | "not_implemented"
  | "whatsapp_error"
  | "unavailable"

export class BadRequest extends Schema.Error<BadRequest>("wagate/http/BadRequest")(envelope("validation_error").fields, {
  httpApiStatus: 400,
  description: "Malformed body, field, JID or query; `details` names the offending fields."
}) {}

export class Unauthorized extends Schema.Error<Unauthorized>("wagate/http/Unauthorized")(envelope("unauthorized").fields, {
  httpApiStatus: 401,
  description: "No, malformed, expired or unverifiable bearer token."
}) {}

export class Forbidden extends Schema.Error<Forbidden>("wagate/http/Forbidden")(envelope("forbidden").fields, {
  httpApiStatus: 403,
  description: "A capability is missing, or the session's account is not an admin where the action needs one."
}) {}

export class NotFound extends Schema.Error<NotFound>("wagate/http/NotFound")(envelope("not_found").fields, {
  httpApiStatus: 404,
  description: "The session, group, message or key does not exist, or belongs to another organisation."
}) {}

export class Conflict extends Schema.Error<Conflict>("wagate/http/Conflict")(envelope("conflict").fields, {
  httpApiStatus: 409,
  description: "Idempotency-Key reused with another body or still in progress; session id taken; already connected."
}) {}

export class RateLimited extends Schema.Error<RateLimited>("wagate/http/RateLimited")(envelope("rate_limited").fields, {
  httpApiStatus: 429,
  description: "Over the per-session send rate; the `Retry-After` header says how many seconds to wait."
}) {}

export class Internal extends Schema.Error<Internal>("wagate/http/Internal")(envelope("internal").fields, {
  httpApiStatus: 500,
  description: "A bug. The message carries the request id to report, never internals."
}) {}

export class NotImplemented extends Schema.Error<NotImplemented>("wagate/http/NotImplemented")(
  envelope("not_implemented").fields,
  { httpApiStatus: 501, description: "The session is not connected (live actions), or the feature is not built yet." }
) {}

export class WhatsAppError extends Schema.Error<WhatsAppError>("wagate/http/WhatsAppError")(envelope("whatsapp_error").fields, {
  httpApiStatus: 502,
  description: "WhatsApp refused or failed the action for a reason other than the request's input."
}) {}

export class Unavailable extends Schema.Error<Unavailable>("wagate/http/Unavailable")(envelope("unavailable").fields, {
  httpApiStatus: 503,
  description: "The store or the token issuer is unreachable; the `Retry-After` header says when to try again."
}) {}

/** `Retry-After` in whole seconds, from the envelope's `details.retryAfterSeconds` (1 when it is absent). */
const retryAfter = (details: { readonly [key: string]: unknown } | undefined): string => {
  const seconds = details?.["retryAfterSeconds"]
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? String(Math.ceil(seconds)) : "1"
}

/**
 * The wire form of errors the contract gives a header: the body is the envelope, the header is derived from it.
 * Handlers still fail with the plain classes above; these schemas are what endpoints declare.
 */
export const UnauthorizedResponse = Unauthorized.pipe(
  HttpApiSchema.encodeToWithHeaders({
    body: envelope("unauthorized").pipe(HttpApiSchema.status(401)),
    headers: { "www-authenticate": Schema.String }
  }, {
    decode: ({ body }) => new Unauthorized(body),
    encode: (error) => ({ body: { error: error.error }, headers: { "www-authenticate": "Bearer" } })
  })
).annotate({ description: "No, malformed, expired or unverifiable bearer token; `WWW-Authenticate: Bearer`." })

export const RateLimitedResponse = RateLimited.pipe(
  HttpApiSchema.encodeToWithHeaders({
    body: envelope("rate_limited").pipe(HttpApiSchema.status(429)),
    headers: { "retry-after": Schema.String }
  }, {
    decode: ({ body }) => new RateLimited(body),
    encode: (error) => ({ body: { error: error.error }, headers: { "retry-after": retryAfter(error.error.details) } })
  })
).annotate({ description: "Over the per-session send rate; the `Retry-After` header says how many seconds to wait." })

export const UnavailableResponse = Unavailable.pipe(
  HttpApiSchema.encodeToWithHeaders({
    body: envelope("unavailable").pipe(HttpApiSchema.status(503)),
    headers: { "retry-after": Schema.String }
  }, {
    decode: ({ body }) => new Unavailable(body),
    encode: (error) => ({ body: { error: error.error }, headers: { "retry-after": retryAfter(error.error.details) } })
  })
).annotate({ description: "The store or the token issuer is unreachable; the `Retry-After` header says when to try again." })

/** The errors any authenticated endpoint can answer besides its own. */
export const commonErrors = [BadRequest, Forbidden, NotFound, Internal, UnavailableResponse] as const

/** The errors of live actions: WhatsApp must be reachable through a connected session. */
export const liveErrors = [...commonErrors, NotImplemented, WhatsAppError] as const

export type HttpError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | RateLimited
  | Internal
  | NotImplemented
  | WhatsAppError
  | Unavailable
