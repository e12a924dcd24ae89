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

const readyUnavailable = envelope("unavailable", "the store is unavailable; retry later", { retryAfterSeconds: 5 })

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
  what: "Answers 200 when the store answers a ping within 2 seconds: for a load balancer's readiness check.",
  capability: null,
  served: "public",
  success: "**200 OK** with `{\"status\":\"ok\"}`.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    unavailable: {
      when: "the store did not answer within 2 seconds; `Retry-After` (and `details.retryAfterSeconds`) say when to probe again.",
      examples: { unreachable: { summary: "The store is down (illustrative)", value: readyUnavailable } },
      headers: { "retry-after": { description: "Whole seconds to wait before probing again." } }
    }
  },
  responses: { 200: { description: "The store answers: the gateway can serve.", examples: { ok: { summary: "Ready", value: { status: "ok" } } } } }
}

export const metrics: OperationDoc = {
  summary: "Prometheus metrics",
  what: [
    "Every metric in the Prometheus text exposition format (0.0.4):",
    "`wagate_http_requests_total` and `wagate_http_request_duration_seconds` (by method, route template and status),",
    "`wagate_sessions` and `wagate_messages` (by status, read from the store at scrape time), and `wagate_store_up`",
    "(1 when the scrape could read the store; when it is 0 the session and message gauges are stale);",
    "`wagate_event_streams` (open `GET /events` streams), `wagate_event_feed_subscribers` and",
    "`wagate_event_feed_cut_off_total` (subscribers of the live event feed, and those cut off as too slow)."
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
    HttpApiEndpoint.get("readyz", "/readyz", { success: Status, error: StoreUnavailableResponse })
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
