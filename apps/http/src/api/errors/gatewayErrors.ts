import { Schema } from "effect"
import { wireError, wireErrorWithHeaders } from "./wireError.ts"

/**
 * The gateway's own failures: what HTTP itself refuses (a body too large, a route that does not exist) and bugs.
 * They are not domain errors, so they are defined here, each with its one wire form.
 */

/** The contract's request body limit: 1 MiB. */
export const maxBodyBytes = 1024 * 1024

/** A request body over the limit. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  maxBytes: Schema.Int
}) {
  override get message() {
    return `the request body is over the limit of ${this.maxBytes} bytes`
  }
}

/** A bug: the message names only the request id to quote; the cause goes to the logs. */
export class InternalError extends Schema.TaggedError<InternalError>()("InternalError", {
  message: Schema.String
}) {
  static forRequest(requestId: string): InternalError {
    return new InternalError({
      message: requestId === "" ? "internal error" : `internal error; quote request id ${requestId} when reporting it`
    })
  }
}

/** No route has this path. */
export class RouteNotFound extends Schema.TaggedError<RouteNotFound>()("RouteNotFound", {
  message: Schema.String
}) {}

/** A route has this path, but not for this method. */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  message: Schema.String,
  allow: Schema.Array(Schema.String)
}) {}

/** Sent with `Connection: close` (see `closeConnection`): the rest of the body is never read. */
export const PayloadTooLargeResponse = wireError(PayloadTooLarge, {
  identifier: "PayloadTooLarge",
  status: 413,
  code: "payload_too_large",
  description: "The request body is over 1 MiB (`details.maxBytes`); the connection is closed.",
  details: Schema.Struct({ maxBytes: Schema.Int }),
  toDetails: (error) => ({ maxBytes: error.maxBytes }),
  fromWire: ({ details }) => new PayloadTooLarge({ maxBytes: details.maxBytes })
})

export const InternalErrorResponse = wireError(InternalError, {
  identifier: "InternalError",
  status: 500,
  code: "internal",
  description: "A bug. The message names the request id to quote; nothing of the cause is shown.",
  details: Schema.Struct({}),
  toDetails: () => ({}),
  fromWire: ({ message }) => new InternalError({ message })
})

export const RouteNotFoundResponse = wireError(RouteNotFound, {
  identifier: "RouteNotFound",
  status: 404,
  code: "not_found",
  description: "No route has this path.",
  details: Schema.Struct({}),
  toDetails: () => ({}),
  fromWire: ({ message }) => new RouteNotFound({ message })
})

export const MethodNotAllowedResponse = wireErrorWithHeaders(MethodNotAllowed, {
  identifier: "MethodNotAllowed",
  status: 405,
  code: "method_not_allowed",
  description: "The path exists, but not for this method; `Allow` lists the methods it has.",
  details: Schema.Struct({ allow: Schema.Array(Schema.String) }),
  toDetails: (error) => ({ allow: error.allow }),
  fromWire: ({ details, message }) => new MethodNotAllowed({ message, allow: details.allow }),
  headers: { allow: (error) => error.allow.join(", ") }
})
