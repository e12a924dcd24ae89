import type { Principal } from "@wagate/core"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { UnauthorizedResponse, UnavailableResponse } from "./errors.ts"

/** The authenticated caller of the current request. */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()("@wagate/http/CurrentPrincipal") {}

/** `Authorization: Bearer <token>`: an api key (`wgk_…`) or a JWT, resolved by the `AuthPort`. */
export class Authentication extends HttpApiMiddleware.Service<Authentication, {
  provides: CurrentPrincipal
  requires: never
}>()("@wagate/http/Authentication", {
  requiredForClient: true,
  security: { bearer: HttpApiSecurity.bearer },
  error: [UnauthorizedResponse, UnavailableResponse]
}) {}
