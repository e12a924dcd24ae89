import type { Principal } from "@wagate/core"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity, OpenApi } from "effect/http-api"
import { AuthUnavailableResponse, StoreUnavailableResponse, UnauthorizedResponse } from "./errors/domainErrors.ts"
import { bearerDescription, bearerFormat } from "./reference/security.ts"

/** The authenticated caller of the current request. */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()("@wagate/http/CurrentPrincipal") {}

/**
 * `Authorization: Bearer <token>`: an api key (`wgk_…`) or a JWT, resolved by the `AuthPort`. The token issuer's
 * 503 is listed before the store's so the client tells them apart (the store's `details` have no `reason`).
 */
export class Authentication extends HttpApiMiddleware.Service<Authentication, {
  provides: CurrentPrincipal
  requires: never
}>()("@wagate/http/Authentication", {
  requiredForClient: true,
  security: {
    bearer: HttpApiSecurity.bearer.pipe(
      HttpApiSecurity.annotateMerge(OpenApi.annotations({ description: bearerDescription, format: bearerFormat }))
    )
  },
  error: [UnauthorizedResponse, AuthUnavailableResponse, StoreUnavailableResponse]
}) {}
