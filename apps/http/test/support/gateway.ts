import { OrgId, type Principal, type StorePorts } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { Effect, Layer } from "effect"
import { HttpBody, HttpClient, HttpClientRequest, HttpRouter } from "effect/http"
import { freshPgStore, testDatabaseUrl } from "@wagate/store-pg/testing"
import { makeWagateClient } from "../../src/client.ts"
import { gatewayRoutes, type GatewayOptions } from "../../src/Gateway.ts"
import { NodeServer } from "../../src/platform/NodeServer.ts"

const principal = (org: string, capabilities: Principal["capabilities"]): Principal => ({ orgId: OrgId.make(org), capabilities })

/** Bearer tokens the test gateway knows: two organisations, and narrower callers of the first. */
export const tokens = {
  acme: "tok-acme",
  acmeReader: "tok-acme-reader",
  acmeSender: "tok-acme-sender",
  globex: "tok-globex"
} as const

export const testOptions: GatewayOptions = {
  transport: "simulator",
  sendRatePerMinute: 600,
  auth: {
    devTokens: new Map([
      [tokens.acme, principal("acme", ["read", "send", "manage"])],
      [tokens.acmeReader, principal("acme", ["read"])],
      [tokens.acmeSender, principal("acme", ["read", "send"])],
      [tokens.globex, principal("globex", ["read", "send", "manage"])]
    ])
  }
}

/**
 * The store the gateway tests run on: in memory, or with `WAGATE_TEST_STORE=postgres` (the `http-pg` project) the
 * Postgres store on a fresh database of `WAGATE_TEST_DATABASE_URL`'s server, so every HTTP test also proves the
 * Postgres adapter.
 */
const testStore = () => (process.env["WAGATE_TEST_STORE"] === "postgres" ? freshPgStore(testDatabaseUrl()) : undefined)

/** The gateway listening on a random port on the process's own Node server, with an `HttpClient` pointed at it. */
export const TestGateway = (options: GatewayOptions<unknown> = testOptions) =>
  HttpRouter.serve(gatewayRoutes({ ...options, store: options.store ?? testStore() }), {
    disableLogger: true,
    disableListenLog: true
  }).pipe(Layer.provideMerge(NodeServer.layerTest))

/**
 * The gateway over a store the test holds too (memory, or a fresh Postgres database in `http-pg`): for tests that
 * write or read the store directly, e.g. appending a burst of events.
 */
export const TestGatewayWithStore = (options: GatewayOptions<unknown> = testOptions) =>
  Layer.unwrap(
    Effect.map(Effect.context<StorePorts>(), (ports) => TestGateway({ ...options, store: Layer.succeedContext(ports) }))
  ).pipe(Layer.provideMerge(testStore() ?? MemoryStore.layer))

/** The typed client, derived from the same API definition, calling as the holder of `token`. */
export const clientFor = (token: string) => makeWagateClient({ token })

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

/** A request exactly as given: for the malformed cases a typed client cannot send. */
export const raw = (
  method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT",
  path: string,
  options: { readonly token?: string | null; readonly body?: string; readonly json?: unknown; readonly headers?: Record<string, string> } = {}
) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(method)(path).pipe(HttpClientRequest.setHeaders(options.headers ?? {}))
    const token = options.token === undefined ? tokens.acme : options.token
    if (token !== null) request = HttpClientRequest.bearerToken(request, token)
    if (options.json !== undefined) request = HttpClientRequest.setBody(request, HttpBody.text(JSON.stringify(options.json), "application/json"))
    if (options.body !== undefined) {
      request = HttpClientRequest.setBody(request, HttpBody.text(options.body, options.headers?.["content-type"] ?? "application/json"))
    }
    const response = yield* client.execute(request)
    const text = yield* response.text
    let json: unknown = undefined
    try {
      json = text === "" ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    const result: RawResponse = { status: response.status, headers: response.headers, text, json }
    return result
  })
