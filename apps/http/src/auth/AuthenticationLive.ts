import { AuthPort, Unauthorized } from "@wagate/core"
import { Effect, Layer } from "effect"
import { HttpServerRequest } from "effect/http"
import { IncomingMessage } from "node:http"
import { Authentication, CurrentPrincipal } from "../api/Authentication.ts"

/**
 * How many `Authorization` headers the request carried. Node keeps only the first in `headers`; `headersDistinct`
 * has them all, so a second one cannot go unseen.
 */
const authorizationHeaders = (request: HttpServerRequest.HttpServerRequest): number =>
  request.source instanceof IncomingMessage ? request.source.headersDistinct["authorization"]?.length ?? 0 : 0

/**
 * The server side of the bearer-token middleware: the `AuthPort` decides who the caller is, and its errors
 * (`Unauthorized`, `AuthUnavailable`, `StoreUnavailable`) are the middleware's own. A request with more than one
 * `Authorization` header is refused: which token would it act as?
 */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const auth = yield* AuthPort
    return Authentication.of({
      bearer: Effect.fn("Authentication.bearer")(function*(httpEffect, { credential }) {
        if (authorizationHeaders(yield* HttpServerRequest.HttpServerRequest) > 1) {
          return yield* new Unauthorized({ reason: "malformed", message: "send one Authorization header, not several" })
        }
        const principal = yield* auth.authenticate(credential)
        return yield* Effect.provideService(httpEffect, CurrentPrincipal, principal)
      })
    })
  })
)
