import { Effect } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient, HttpApiMiddleware } from "effect/http-api"
import { Authentication } from "./api/Authentication.ts"
import { WagateApi } from "./api/WagateApi.ts"

/** Where the gateway is and who is calling. */
export interface WagateClientOptions {
  /** The gateway's base URL, e.g. `http://localhost:3000`. */
  readonly baseUrl: string
  /** An api key (`wgk_…`) or a JWT. */
  readonly token: string
}

/**
 * A typed client for the gateway, derived from the same API definition the server is built from: every endpoint
 * is `client.<group>.<endpoint>({ params, query, headers, payload })`, and every error is a typed value.
 * Needs an `HttpClient`; `layerWagateClient` provides the fetch one.
 */
export const makeWagateClient = (options: WagateClientOptions) =>
  HttpApiClient.make(WagateApi, {
    transformClient: HttpClient.mapRequest(HttpClientRequest.prependUrl(options.baseUrl))
  }).pipe(
    Effect.provide(
      HttpApiMiddleware.layerClient(Authentication, ({ next, request }) => next(HttpClientRequest.bearerToken(request, options.token)))
    )
  )

/** The client type, for services that keep one around. */
export type WagateClient = Effect.Success<ReturnType<typeof makeWagateClient>>

/** Builds a client on the platform's `fetch`. */
export const makeWagateFetchClient = (options: WagateClientOptions) =>
  makeWagateClient(options).pipe(Effect.provide(FetchHttpClient.layer))
