import { ClusterStatus } from "@wagate/cluster"
import { MessageStatus, MessageStore, SessionStatus, SessionStore } from "@wagate/core"
import { Effect, Metric, Option } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { PrometheusMetrics } from "effect/observability"
import type { RequestOutcome } from "./AccessLog.ts"
import { recordClusterState } from "./ClusterMetrics.ts"
import { routeLabel } from "./KnownRoutes.ts"

/** The route label of requests no route matched: raw paths would make the label set unbounded. */
export const unmatchedRoute = "unmatched"

export const httpRequests = Metric.counter("wagate_http_requests_total", {
  description: "HTTP requests by method, route template and status."
})

export const httpRequestDuration = Metric.histogram("wagate_http_request_duration_seconds", {
  description: "HTTP request latency in seconds by method, route template and status.",
  boundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
})

export const sessionsByStatus = Metric.gauge("wagate_sessions", { description: "Sessions by status." })
export const messagesByStatus = Metric.gauge("wagate_messages", { description: "Stored messages by status." })
export const storeUp = Metric.gauge("wagate_store_up", {
  description: "1 when the last scrape could read the store, else 0 (and the session and message gauges are stale)."
})

export const eventStreams = Metric.gauge("wagate_event_streams", {
  description: "Event streams (GET /api/v1/events) open now."
})

/** The request counter and latency histogram of one label set. */
interface RequestSeries {
  readonly requests: Metric.Metric<number, unknown>
  readonly duration: Metric.Metric<number, unknown>
}

/**
 * The series of each (method, route, status) seen so far, made once: a metric with attributes computes its series
 * key (sorted attributes, serialised) once per metric object, so making new ones per request cost that every time.
 * The set is bounded: Node's parser takes only the methods it knows, routes are templates (or `unmatched`), and
 * statuses are three digits.
 */
const seriesByLabels = new Map<string, RequestSeries>()

const seriesOf = (outcome: RequestOutcome): RequestSeries => {
  const labels = `${outcome.method} ${outcome.status} ${outcome.route}`
  const known = seriesByLabels.get(labels)
  if (known !== undefined) return known
  const attributes = { method: outcome.method, route: outcome.route, status: String(outcome.status) }
  const series: RequestSeries = {
    requests: Metric.withAttributes(httpRequests, attributes),
    duration: Metric.withAttributes(httpRequestDuration, attributes)
  }
  seriesByLabels.set(labels, series)
  return series
}

/** Counts a finished request and its latency. */
export const recordRequest = (outcome: RequestOutcome): Effect.Effect<void> =>
  Effect.contextWith((context) =>
    Effect.sync(() => {
      const series = seriesOf(outcome)
      series.requests.updateUnsafe(1, context)
      series.duration.updateUnsafe(outcome.durationMs / 1000, context)
    })
  )

/** Route labels by router path, made once per route (the router's paths are the app's fixed set). */
const labels = new Map<string, string>()
const labelOf = (path: string): string => {
  const known = labels.get(path)
  if (known !== undefined) return known
  const label = routeLabel(path)
  labels.set(path, label)
  return label
}

/**
 * Runs the routed app and hands the matched route's template to `onRoute`. The router sets `RouteContext` on
 * the fiber when it matches and only the enclosing request restores it, so this must wrap the router directly:
 * any middleware between them that provides a service restores the context before we could read it.
 */
export const captureRoute = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>,
  onRoute: (route: string) => void
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R> =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(app)
    const matched = yield* Effect.serviceOption(HttpRouter.RouteContext)
    if (Option.isSome(matched)) onRoute(labelOf(matched.value.route.path))
    return yield* exit
  })

/** Every status, zero included, so a status that empties reads 0 rather than keeping its last value. */
const countBy = <S extends string>(
  statuses: ReadonlyArray<S>,
  counts: ReadonlyArray<{ readonly status: S; readonly count: number }>
) => {
  const totals = new Map<S, number>(statuses.map((status) => [status, 0]))
  for (const { count, status } of counts) totals.set(status, (totals.get(status) ?? 0) + count)
  return totals
}

const setGauges = <S extends string>(gauge: Metric.Gauge<number>, totals: ReadonlyMap<S, number>) =>
  Effect.forEach(totals, ([status, count]) => Metric.update(Metric.withAttributes(gauge, { status }), count), {
    discard: true
  })

/**
 * `GET /metrics`: every metric in the Prometheus text exposition format, with the session and message gauges read
 * from the store at scrape time: one count-by-status query each, whatever the number of sessions and messages. On a
 * cluster runner (`ClusterStatus` in the context) the `wagate_cluster_*` series are set from its state at scrape
 * time too (`ClusterMetrics.ts`); without one they are not shown.
 */
export const Metrics = {
  layer: HttpRouter.use(Effect.fnUntraced(function*(router) {
    const sessions = yield* SessionStore
    const messages = yield* MessageStore
    // Provided by the cluster runtime on a `baileys` gateway; absent on the in-process simulator.
    const cluster = yield* Effect.serviceOption(ClusterStatus)
    const refreshCluster = Option.match(cluster, {
      onNone: () => Effect.void,
      onSome: (status) => Effect.flatMap(status.state, recordClusterState)
    })
    const refresh = Effect.gen(function*() {
      yield* setGauges(sessionsByStatus, countBy(SessionStatus.literals, yield* sessions.countByStatus))
      yield* setGauges(messagesByStatus, countBy(MessageStatus.literals, yield* messages.countByStatus))
    })
    const scrape = Effect.gen(function*() {
      const up = yield* refresh.pipe(
        Effect.as(1),
        Effect.catch((error) => Effect.logWarning("metrics: the store could not be read", error).pipe(Effect.as(0)))
      )
      yield* Metric.update(storeUp, up)
      yield* refreshCluster
      const body = yield* PrometheusMetrics.format()
      return HttpServerResponse.text(body, { contentType: "text/plain; version=0.0.4; charset=utf-8" })
    }).pipe(Effect.withSpan("Metrics.scrape"))
    yield* router.add("GET", "/metrics", scrape)
  }))
} as const
