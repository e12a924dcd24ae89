import { Effect, type Schema } from "effect"
import { FetchHttpClient, HttpClient, type HttpClientError, HttpClientRequest } from "effect/http"
import {
  type HttpApi,
  HttpApiClient,
  type HttpApiEndpoint,
  type HttpApiGroup,
  HttpApiMiddleware
} from "effect/http-api"
import { Authentication } from "./api/Authentication.ts"
import { publicPath } from "./api/paths.ts"
import { WagateApi } from "./api/WagateApi.ts"

/** Where the gateway is and who is calling. */
export interface WagateClientOptions {
  /** The gateway's base URL, e.g. `http://localhost:3000`; omit it when the `HttpClient` already points there. */
  readonly baseUrl?: string | undefined
  /** An api key (`wgk_…`) or a JWT. */
  readonly token: string
}

/** `query` and `headers` parts whose every field is optional. */
type OptionalParts<Request> = {
  readonly [K in keyof Request]-?: K extends "query" | "headers" ? {} extends Request[K] ? K : never : never
}[keyof Request]

/** The request with those parts optional. */
type Loosen<Request> = Omit<Request, OptionalParts<Request>> & Partial<Pick<Request, OptionalParts<Request>>>

/** The request argument, itself optional when nothing in it is required. */
type RequestArgs<Request> = void extends Request ? [request?: Request]
  : {} extends Loosen<Request> ? [request?: Loosen<Request>]
  : [request: Loosen<Request>]

/** One endpoint's method: as `HttpApiClient` makes it, with optional query and headers left out at will. */
export type WagateMethod<Endpoint extends HttpApiEndpoint.ConstraintRequest> = <
  Mode extends HttpApiEndpoint.ClientResponseMode = "decoded-only"
>(
  ...request: RequestArgs<
    HttpApiEndpoint.ClientRequest<Endpoint["~Params"], Endpoint["~Query"], Endpoint["~Payload"], Endpoint["~Headers"], Mode>
  >
) => Effect.Effect<
  HttpApiClient.Client.Response<HttpApiClient.SuccessType<Endpoint["~Success"]>, Mode>,
  | HttpApiMiddleware.Error<Endpoint["~Middleware"]>
  | HttpApiMiddleware.ClientError<Endpoint["~Middleware"]>
  | HttpClientError.HttpClientError
  | ([Mode] extends ["response-only"] ? never : Endpoint["~Error"]["Type"] | Schema.SchemaError)
>

type GroupsOf<Api> = Api extends HttpApi.HttpApi<infer _Id, infer Groups> ? Groups : never

/**
 * The typed client: `client.<group>.<endpoint>({ params, query, headers, payload })`. Every error the gateway
 * answers is decoded into its class (`NotFound`, `MissingCapability`, `ValidationError`, … from `@wagate/core`),
 * so `Effect.catchTag("NotFound", …)` works; transport failures are `HttpClientError`.
 */
export type WagateClient = {
  readonly [Group in GroupsOf<typeof WagateApi> as HttpApiGroup.Identifier<Group>]: {
    readonly [
      Endpoint in Extract<HttpApiGroup.Endpoints<Group>, HttpApiEndpoint.ConstraintRequest> as HttpApiEndpoint.Identifier<
        Endpoint
      >
    ]: WagateMethod<Endpoint>
  }
}

type Method = (request?: object) => unknown

/** Fills in an empty `query` and `headers`: `HttpApiClient` encodes them even when every field is optional. */
const withDefaults = (methods: Readonly<Record<string, Method>>): Record<string, Method> =>
  Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [name, (request?: object) => method({ query: {}, headers: {}, ...request })])
  )

/**
 * A typed client for the gateway, derived from the same API definition the server is built from. Needs an
 * `HttpClient`; `makeWagateFetchClient` uses the platform's fetch.
 */
export const makeWagateClient = (options: WagateClientOptions): Effect.Effect<WagateClient, never, HttpClient.HttpClient> =>
  HttpApiClient.make(WagateApi, {
    baseUrl: options.baseUrl,
    // `HttpApiClient` writes a literal colon as the router spells it (`/groups::join`); the gateway's URLs have one.
    transformClient: HttpClient.mapRequest((request) => HttpClientRequest.setUrl(request, publicPath(request.url)))
  }).pipe(
    Effect.map((client) => {
      // The groups of methods, as plain records: what `withDefaults` wraps.
      const groups = client as unknown as Readonly<Record<string, Readonly<Record<string, Method>>>>
      // The same methods with the defaults filled in; `WagateClient` is their type, method for method.
      return Object.fromEntries(Object.entries(groups).map(([group, methods]) => [group, withDefaults(methods)])) as unknown as WagateClient
    }),
    Effect.provide(
      HttpApiMiddleware.layerClient(Authentication, ({ next, request }) => next(HttpClientRequest.bearerToken(request, options.token)))
    )
  )

/** A client on the platform's `fetch`. */
export const makeWagateFetchClient = (options: WagateClientOptions & { readonly baseUrl: string }) =>
  makeWagateClient(options).pipe(Effect.provide(FetchHttpClient.layer))
