import { HttpApiMiddleware } from "effect/http-api"
import { ValidationErrorResponse } from "./errors/domainErrors.ts"
import { InternalErrorResponse, PayloadTooLargeResponse } from "./errors/gatewayErrors.ts"

/**
 * The framework's own failures on an endpoint, in the contract's envelope: a request that fails decoding (path,
 * query, headers, body, unknown body fields, a content type other than JSON, invalid UTF-8) is 400
 * `validation_error` naming the fields, a body over 1 MiB 413, a defect 500. Every group installs it before
 * `Authentication`, so it runs inside it: nothing of the body is read before the caller is known.
 */
export class ApiFailures extends HttpApiMiddleware.Service<ApiFailures>()("@wagate/http/ApiFailures", {
  error: [ValidationErrorResponse, PayloadTooLargeResponse, InternalErrorResponse]
}) {}
