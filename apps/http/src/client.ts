import { Effect } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient, HttpApiMiddleware } from "effect/http-api"
import { Authentication } from "./api/Authentication.ts"
import { WagateApi } from "./api/WagateApi.ts"

/** Where the gateway is and who is calling. */
export interface WagateClientOptions {
  /** The gateway's base URL, e.g. `http://localhost:3000`; omit it when the `HttpClient` already points there. */
  readonly baseUrl?: string | undefined
  /** An api key (`wgk_…`) or a JWT. */
  readonly token: string
}

/**
 * effect 4.1.0's `HttpApiClient` keeps the router's `::` escape for a literal colon in the URLs it builds
 * (`/sessions/s::logout`). Path parameters are percent-encoded, so a `::` in a URL can only be that escape.
 */
const unescapeColons = (request: HttpClientRequest.HttpClientRequest) =>
  request.url.includes("::") ? HttpClientRequest.setUrl(request, request.url.replaceAll("::", ":")) : request

/**
 * A typed client for the gateway, derived from the same API definition the server is built from: every endpoint
 * is `client.<group>.<endpoint>({ params, query, headers, payload })`, and every error is a typed value.
 * Needs an `HttpClient`; `makeWagateFetchClient` uses the platform's fetch.
 */
export const makeWagateClient = (options: WagateClientOptions) =>
  HttpApiClient.make(WagateApi, {
    transformClient: (client) =>
      client.pipe(
        HttpClient.mapRequest(unescapeColons),
        HttpClient.mapRequest((request) =>
          options.baseUrl === undefined ? request : HttpClientRequest.prependUrl(request, options.baseUrl)
        )
      )
  }).pipe(
    Effect.provide(
      HttpApiMiddleware.layerClient(Authentication, ({ next, request }) => next(HttpClientRequest.bearerToken(request, options.token)))
    )
  )

/** The client type, for services that keep one around. */
export type WagateClient = Effect.Success<ReturnType<typeof makeWagateClient>>

/** A client on the platform's `fetch`. */
export const makeWagateFetchClient = (options: WagateClientOptions & { readonly baseUrl: string }) =>
  makeWagateClient(options).pipe(Effect.provide(FetchHttpClient.layer))
