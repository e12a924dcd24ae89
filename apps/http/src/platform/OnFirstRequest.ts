import { Effect, type Layer, Scope } from "effect"
import { HttpRouter } from "effect/http"

/**
 * `GET path` answered by `routes`, a layer of routes that is built on the first request for it rather than at
 * start-up, and kept from then on. For a page few callers ask for and that is heavy to hold: the Scalar reference
 * page (`/docs`) loads a 3 MB script when its layer is built, ~15 MB resident in every gateway that never serves
 * it (README, Performance).
 */
export const onFirstRequest = (path: `/${string}`, routes: Layer.Layer<never, never, HttpRouter.HttpRouter>) =>
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    const scope = yield* Scope.Scope
    const handler = yield* Effect.cached(Scope.provide(HttpRouter.toHttpEffect(routes), scope))
    yield* router.add("GET", path, Effect.flatten(handler))
  }))
