import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { StoreUnavailableResponse } from "../errors/domainErrors.ts"
import { envelope } from "./examples.ts"
import { type OperationDoc, reference } from "./Reference.ts"

/**
 * The operations routes, outside `/api/v1` and without a token, as the reference shows them. They are served by
 * `platform/Health.ts`, `platform/Metrics.ts` and the API's own `/openapi.json` and `/docs`, not from this
 * definition: it exists to describe them, and the reference test checks that they answer as described.
 */

const Status = Schema.Struct({
  status: Schema.Literal("ok").annotate({ description: "Always `ok` on a 200." })
}).annotate({ identifier: "HealthStatus", description: "The probe's answer." })

const count = (description: string) => Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ description })

/** `@wagate/cluster`'s `RunnerState`, as `/readyz` shows it. */
const RunnerState = Schema.Struct({
  mode: Schema.Literals(["single", "socket"]).annotate({
    description: "`single`: the embedded database's one runner (no peers); `socket`: a runner among others on a Postgres server."
  }),
  runner: Schema.String.annotate({ description: "The address the other runners reach this one at (`host:port`); `embedded` for a single runner." }),
  registered: Schema.Boolean.annotate({ description: "Whether the runner is registered and holds shard assignments (false while starting and stopping)." }),
  shards: count("Shards assigned to this runner now."),
  sessionsOwned: count("Sessions this process owns now (their entities, sockets included, are active here)."),
  handoversIn: count("Sessions taken over by this process since it started."),
  handoversOut: count("Sessions this process let go of without a logout since it started (shards moved away, or shutting down).")
}).annotate({ identifier: "RunnerState", description: "This process's place in the cluster." })

const Ready = Schema.Struct({
  status: Schema.Literal("ok").annotate({ description: "Always `ok` on a 200." }),
  cluster: Schema.optionalKey(RunnerState).annotate({
    description: "On a gateway whose sessions run on the cluster (the `baileys` transport): this runner's state. Absent on the in-process simulator."
  })
}).annotate({ identifier: "ReadyStatus", description: "The readiness probe's answer." })

const readyUnavailable = envelope("unavailable", "the store is unavailable; retry later", { retryAfterSeconds: 5 })
const runnerNotRegistered = envelope(
  "unavailable",
  "runner gateway-2:34431 is not registered in the cluster (starting or stopping); retry later",
  { retryAfterSeconds: 5 }
)
const runnerReady = {
  status: "ok",
  cluster: { mode: "socket", runner: "gateway-1:34431", registered: true, shards: 150, sessionsOwned: 42, handoversIn: 3, handoversOut: 0 }
}

export const healthz: OperationDoc = {
  summary: "Liveness probe",
  what: "Answers while the process serves requests: for a supervisor's liveness check. It does not look at the store.",
  capability: null,
  served: "public",
  success: "**200 OK** with `{\"status\":\"ok\"}`.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {},
  responses: { 200: { description: "The process is up.", examples: { ok: { summary: "Up", value: { status: "ok" } } } } }
}

export const readyz: OperationDoc = {
  summary: "Readiness probe",
  what: [
    "Answers 200 when the store answers a ping within 2 seconds: for a load balancer's readiness check.",
    "On a gateway whose sessions run on the cluster (the `baileys` transport) the answer carries this runner's state",
    "(`cluster`), and a runner among others on a Postgres server (`mode: socket`) is ready only while it is",
    "registered, holding shards: not while it starts, nor while it hands its sessions over on shutdown.",
    "The embedded database's single runner is ready whenever its store is."
  ].join(" "),
  capability: null,
  served: "public",
  success: "**200 OK** with `{\"status\":\"ok\"}`, and `cluster` on a cluster runner.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    unavailable: {
      when: [
        "the store did not answer within 2 seconds, or this runner (`mode: socket`) is not registered in the cluster",
        "(or its state did not answer within 2 seconds); `Retry-After` (and `details.retryAfterSeconds`) say when to probe again."
      ].join(" "),
      examples: {
        unreachable: { summary: "The store is down (illustrative)", value: readyUnavailable },
        notRegistered: { summary: "The runner is starting or stopping (illustrative)", value: runnerNotRegistered }
      },
      headers: { "retry-after": { description: "Whole seconds to wait before probing again." } }
    }
  },
  responses: {
    200: {
      description: "The store answers (and the runner is registered): the gateway can serve.",
      examples: {
        ok: { summary: "Ready", value: { status: "ok" } },
        runner: { summary: "Ready, a runner among others (illustrative)", value: runnerReady }
      }
    }
  }
}

export const metrics: OperationDoc = {
  summary: "Prometheus metrics",
  what: [
    "Every metric in the Prometheus text exposition format (0.0.4):",
    "`wagate_http_requests_total` and `wagate_http_request_duration_seconds` (by method, route template and status),",
    "`wagate_sessions` and `wagate_messages` (by status, read from the store at scrape time), and `wagate_store_up`",
    "(1 when the scrape could read the store; when it is 0 the session and message gauges are stale);",
    "`wagate_event_streams` (open `GET /events` streams), `wagate_event_feed_subscribers` and",
    "`wagate_event_feed_cut_off_total` (subscribers of the live event feed, and those cut off as too slow).",
    "On a gateway whose sessions run on the cluster (the `baileys` transport), read from this runner at scrape time:",
    "`wagate_cluster_sessions_owned` (sessions this process owns), `wagate_cluster_shards` (shards assigned to it),",
    "`wagate_cluster_runner_registered` (1 while registered, else 0) and `wagate_cluster_handovers_total`",
    "(sessions taken over, `direction=\"in\"`, and let go of, `direction=\"out\"`, since the process started)."
  ].join(" "),
  capability: null,
  served: "public",
  success: "**200 OK** with the metrics as `text/plain; version=0.0.4`.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {},
  responses: { 200: { description: "The metrics." } }
}

export const openapi: OperationDoc = {
  summary: "This OpenAPI document",
  what: "The OpenAPI 3.1 document of the gateway, generated from the same API definition as the server and the typed client: generate clients from it.",
  capability: null,
  served: "public",
  success: "**200 OK** with the document.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {},
  responses: { 200: { description: "The OpenAPI document." } }
}

export const docs: OperationDoc = {
  summary: "The interactive reference",
  what: "This reference as a web page (Scalar), with a console to try the calls.",
  capability: null,
  served: "public",
  success: "**200 OK** with an HTML page.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {},
  responses: { 200: { description: "The reference page." } }
}

export const operationsTag =
  "Routes for operators, outside `/api/v1`, that need no token: liveness and readiness probes, Prometheus metrics, and this reference."

class OperationsGroup extends HttpApiGroup.make("operations", { topLevel: true })
  .add(
    HttpApiEndpoint.get("healthz", "/healthz", { success: Status }).annotateMerge(reference(healthz)),
    // The same 503 an endpoint answers when the store is down (`platform/Health.ts` renders it with this schema).
    HttpApiEndpoint.get("readyz", "/readyz", { success: Ready, error: StoreUnavailableResponse })
      .annotateMerge(reference(readyz)),
    HttpApiEndpoint.get("metrics", "/metrics", {
      success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/plain" }))
    }).annotateMerge(reference(metrics)),
    HttpApiEndpoint.get("openapi", "/openapi.json", {
      success: Schema.Record(Schema.String, Schema.Unknown).annotate({ description: "An OpenAPI 3.1 document." })
    }).annotateMerge(reference(openapi)),
    HttpApiEndpoint.get("docs", "/docs", { success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/html" })) })
      .annotateMerge(reference(docs))
  )
  .annotate(OpenApi.Title, "Operations")
  .annotate(OpenApi.Description, operationsTag)
{}

/** The operations routes as an API, for the reference only (see above). */
export class OperationsReference extends HttpApi.make("operations").add(OperationsGroup) {}
