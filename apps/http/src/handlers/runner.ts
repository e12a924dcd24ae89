import type { CoreServices, Principal, SendRateLimiter, StorePorts, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { CurrentPrincipal } from "../api/Authentication.ts"

/** The services use-cases run on: the hexagon's ports. */
export type HexagonServices = WhatsAppPort | StorePorts | CoreServices | SendRateLimiter

/**
 * Built once with the handlers: runs a use-case as the authenticated caller, on the ports captured when the
 * routes were built (so no request rebuilds or looks up a layer). Its domain errors pass as they are: the
 * endpoint declares each with its wire form (`api/errors`), and the framework encodes them.
 */
export const makeRunner = <S = never>() =>
  Effect.map(
    Effect.context<HexagonServices | S>(),
    (context) =>
    <A, E, R extends HexagonServices | S>(useCase: (principal: Principal) => Effect.Effect<A, E, R>) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        return yield* useCase(principal)
      }).pipe(Effect.provide(context))
  )
