import { AuthPort } from "@wagate/core"
import { Effect, Layer } from "effect"
import { Authentication, CurrentPrincipal } from "../api/Authentication.ts"
import { Unauthorized, Unavailable } from "../api/errors.ts"

/** The server side of the bearer-token middleware: the `AuthPort` decides who the caller is. */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const auth = yield* AuthPort
    return Authentication.of({
      bearer: Effect.fn("Authentication.bearer")(function*(httpEffect, { credential }) {
        const principal = yield* auth.authenticate(credential).pipe(
          Effect.catchTags({
            Unauthorized: (error) =>
              Effect.fail(new Unauthorized({ error: { code: "unauthorized", message: error.message, details: { reason: error.reason } } })),
            AuthUnavailable: (error) =>
              Effect.fail(new Unavailable({
                error: { code: "unavailable", message: error.message, details: { retryAfterSeconds: error.retryAfterSeconds } }
              })),
            StoreUnavailable: (error) =>
              Effect.fail(new Unavailable({
                error: { code: "unavailable", message: "the store is unavailable; retry later", details: { retryAfterSeconds: error.retryAfterSeconds } }
              }))
          })
        )
        return yield* Effect.provideService(httpEffect, CurrentPrincipal, principal)
      })
    })
  })
)
