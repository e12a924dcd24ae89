import { Effect, LogLevel } from "effect"

/** What the access log records of one request. Never headers, query strings or bodies: they may hold secrets. */
export interface RequestOutcome {
  readonly method: string
  /** The URL path without the query string. */
  readonly path: string
  /** The matched route template (`/api/v1/sessions/{session}`), or `unmatched`. */
  readonly route: string
  readonly status: number
  readonly durationMs: number
}

/** Probes and scrapes come every few seconds; they are logged at debug so they do not drown the rest. */
const quietPaths: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"])

/**
 * One JSON line per request; the request id comes from the log annotations `RequestId` sets. A line below the
 * minimum level (probes, at the default `info`) is not built at all.
 */
export const logAccess = (outcome: RequestOutcome): Effect.Effect<void> => {
  const level: LogLevel.Severity = quietPaths.has(outcome.path) ? "Debug" : "Info"
  return Effect.flatMap(LogLevel.isEnabled(level), (enabled) =>
    enabled
      ? Effect.logWithLevel(level)("http request").pipe(
        Effect.annotateLogs({
          "http.method": outcome.method,
          "http.path": outcome.path,
          "http.route": outcome.route,
          "http.status": outcome.status,
          "http.durationMs": Math.round(outcome.durationMs * 1000) / 1000
        })
      )
      : Effect.void)
}
