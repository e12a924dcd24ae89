import { NodeHttpServer } from "@effect/platform-node"
import type { ClusterStatus } from "@wagate/cluster"
import { IdGenerator, RateLimited, StoreHealth, StoreUnavailable, Unauthorized } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { Effect, Layer, Logger, Metric, Option, References, Schema, Stream } from "effect"
import { HttpBody, HttpClient, HttpClientRequest, HttpRouter, HttpServerResponse } from "effect/http"
import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiGroup, HttpApiSchema } from "effect/http-api"
import { ApiFailures } from "../../src/api/ApiFailures.ts"
import { RateLimitedResponse, StoreUnavailableResponse, UnauthorizedResponse } from "../../src/api/errors/domainErrors.ts"
import { ApiFailuresLive } from "../../src/platform/ApiFailuresLive.ts"
import { routesOf } from "../../src/platform/KnownRoutes.ts"
import { Platform } from "../../src/platform/Platform.ts"

/** The body of `POST /api/things`: what the use-cases' own inputs look like. */
export const CreateThing = Schema.Struct({
  name: Schema.String.check(Schema.isMinLength(1)),
  count: Schema.Int
})

const thingParams = { id: Schema.String.check(Schema.isMinLength(3)) }

/** A tiny API with the shapes the gateway has: a prefix, a `::` action, query, headers, declared errors, `ApiFailures`. */
class ThingsGroup extends HttpApiGroup.make("things").add(
  HttpApiEndpoint.post("create", "/things", {
    payload: CreateThing,
    success: Schema.Struct({ id: Schema.String, name: Schema.String }).pipe(HttpApiSchema.status(201))
  }),
  HttpApiEndpoint.get("get", "/things/:id", {
    params: thingParams,
    query: { limit: Schema.optional(Schema.FiniteFromString) },
    headers: { "x-flag": Schema.optional(Schema.Literals(["on", "off"])) },
    success: Schema.Struct({ id: Schema.String })
  }),
  HttpApiEndpoint.delete("remove", "/things/:id", { params: thingParams, success: HttpApiSchema.NoContent }),
  HttpApiEndpoint.post("archive", "/things/:id::archive", { params: thingParams, success: HttpApiSchema.NoContent }),
  HttpApiEndpoint.get("fail", "/fail/:kind", {
    params: { kind: Schema.Literals(["unauthorized", "rate-limited", "unavailable"]) },
    success: Schema.Struct({ ok: Schema.Boolean }),
    error: [UnauthorizedResponse, RateLimitedResponse, StoreUnavailableResponse]
  }),
  HttpApiEndpoint.get("boom", "/boom", { success: Schema.Struct({ ok: Schema.Boolean }) }),
  HttpApiEndpoint.get("badEncoding", "/bad-encoding", { success: Schema.Struct({ count: Schema.Int }) })
).middleware(ApiFailures) {}

/**
 * As the gateway's API: a request's decoding failure names every offending field, as the use-cases do, and a body
 * field the endpoint does not define is one.
 */
export class ThingsApi extends HttpApi.make("things")
  .add(ThingsGroup)
  .prefix("/api")
  .annotate(HttpApi.ParseOptions, { errors: "all" })
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
{}

/** Appears in the defect of `/api/boom`: it must reach the logs and never the response. */
export const secretInDefect = "SELECT password FROM users WHERE id = 42"

const ThingsHandlers = HttpApiBuilder.group(ThingsApi, "things", (handlers) =>
  handlers
    .handle("create", ({ payload }) => Effect.succeed({ id: "t1", name: payload.name }))
    .handle("get", ({ params }) => Effect.logInfo("reading a thing").pipe(Effect.as({ id: params.id })))
    .handle("remove", () => Effect.void)
    .handle("archive", () => Effect.void)
    .handle("fail", ({ params }) => {
      switch (params.kind) {
        case "unauthorized":
          return Effect.fail(new Unauthorized({ reason: "missing", message: "a bearer token is required" }))
        case "rate-limited":
          return Effect.fail(new RateLimited({ retryAfterSeconds: 7 }))
        case "unavailable":
          return Effect.fail(new StoreUnavailable({ message: `connection refused: ${secretInDefect}`, retryAfterSeconds: 3 }))
      }
    })
    .handle("boom", () => Effect.die(new Error(secretInDefect)))
    // A handler bug: 1.5 is a number, so it type-checks, but it fails the Int check when the response is encoded.
    .handle("badEncoding", () => Effect.succeed({ count: 1.5 })))

/** Routes outside any HttpApi, answering non-2xx without an envelope, for the post-processing. */
export const PlainRoutes = Layer.mergeAll(
  HttpRouter.add("GET", "/plain/401", HttpServerResponse.empty({ status: 401 })),
  HttpRouter.add("GET", "/plain/503", HttpServerResponse.text("down for maintenance", { status: 503 })),
  HttpRouter.add("GET", "/plain/500", HttpServerResponse.text(`Error: ${secretInDefect}\n    at handler (x.ts:1:1)`, { status: 500 })),
  HttpRouter.add("GET", "/plain/302", HttpServerResponse.empty({ status: 302, headers: { location: "/healthz" } }))
)

/** Log lines the test server wrote, as parsed JSON objects. */
export interface LogLine {
  readonly message: unknown
  readonly level: string
  readonly cause?: string
  readonly annotations: Record<string, unknown>
}

/** Collects every log line of the server, as JSON text exactly as `Logger.consoleJson` would print it. */
export const captureLogs = () => {
  const lines: Array<string> = []
  const layer = Layer.mergeAll(
    Logger.layer([Logger.map(Logger.formatJson, (line) => {
      lines.push(line)
    })]),
    Layer.succeed(References.MinimumLogLevel, "Debug")
  )
  const parsed = (): ReadonlyArray<LogLine> => lines.map((line) => JSON.parse(line) as LogLine)
  return { lines, parsed, layer }
}

/** The things API, plain routes and the platform, on a random port with its own metrics registry and logs. */
export const testServer = (options: {
  readonly logs: Layer.Layer<never>
  readonly storeHealth?: Layer.Layer<StoreHealth>
  /** This process as a cluster runner (`fakeCluster.ts`); none, as on the in-process simulator, when omitted. */
  readonly cluster?: Layer.Layer<ClusterStatus>
}) => {
  const app = Layer.mergeAll(
    HttpApiBuilder.layer(ThingsApi).pipe(Layer.provide(ThingsHandlers), Layer.provide(ApiFailuresLive)),
    PlainRoutes,
    Platform.layer({ routes: routesOf(ThingsApi) })
  ).pipe(Layer.provide(options.storeHealth ?? Layer.empty), Layer.provide(options.cluster ?? Layer.empty))
  // The store is provided from outside `serve`, so the tests share the instance the routes use.
  return HttpRouter.serve(app, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layerTest),
    Layer.provideMerge(Layer.mergeAll(MemoryStore.layer, IdGenerator.layer)),
    Layer.provide(options.logs),
    Layer.provide(Layer.succeed(Metric.MetricRegistry, new Map()))
  )
}

/** A `StoreHealth` whose ping fails as an unreachable database does. */
export const failingStoreHealth = Layer.succeed(
  StoreHealth,
  StoreHealth.of({ ping: Effect.fail(new StoreUnavailable({ message: "connection refused", retryAfterSeconds: 4 })) })
)

export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

const parseJson = (text: string): unknown => Option.getOrUndefined(Schema.decodeUnknownOption(Schema.fromJsonString(Schema.Unknown))(text))

/** Sends a request exactly as given, for the malformed cases a typed client cannot send. */
export const send = (
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: {
    readonly body?: string | undefined
    readonly contentType?: string | undefined
    readonly headers?: Record<string, string> | undefined
    readonly chunked?: boolean | undefined
  } = {}
) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(method)(path).pipe(HttpClientRequest.setHeaders(options.headers ?? {}))
    if (options.body !== undefined) {
      const contentType = options.contentType ?? "application/json"
      const bytes = new TextEncoder().encode(options.body)
      request = HttpClientRequest.setBody(
        request,
        options.chunked === true
          ? HttpBody.stream(Stream.make(bytes), contentType)
          : HttpBody.uint8Array(bytes, contentType)
      )
    }
    const response = yield* client.execute(request)
    const text = yield* response.text
    const reply: Reply = { status: response.status, headers: response.headers, text, json: parseJson(text) }
    return reply
  })

/** Sends these exact bytes as a JSON body. */
export const sendBytes = (method: "POST" | "PUT" | "PATCH", path: string, bytes: Uint8Array) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.make(method)(path).pipe(HttpClientRequest.setBody(HttpBody.uint8Array(bytes, "application/json")))
    )
    const text = yield* response.text
    const reply: Reply = { status: response.status, headers: response.headers, text, json: parseJson(text) }
    return reply
  })

const ErrorBody = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String,
    details: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
  })
})

/** The envelope of a reply; fails the test when the body is not exactly one. */
export const envelopeOf = (reply: Reply) => Schema.decodeUnknownSync(ErrorBody, { onExcessProperty: "error" })(reply.json)
