import { Effect } from "effect"
import { HttpServerRequest, type HttpServerResponse } from "effect/http"

/**
 * The path (what comes before `?`) with `;` and `#` percent-encoded. The router (FindMyWay) reads both as the
 * start of a query, as some servers once did for `;jsessionid=`: `/sessions/victim;x/groups/…/members/…` would
 * match with `session = victim` and act on another session than the one named. Encoded, they stay part of their
 * segment: `victim;x` is a session id that fails validation, `groups;x` a segment no route has.
 */
export const escapePathDelimiters = (url: string): string => {
  const queryStart = url.indexOf("?")
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  const escaped = path.replaceAll(";", "%3B").replaceAll("#", "%23")
  return escaped === path ? url : escaped + (queryStart < 0 ? "" : url.slice(queryStart))
}

/**
 * Middleware: the rest of the app sees the request with `escapePathDelimiters` applied, so a path matches its
 * route whole or not at all. It must run before routing, as global middleware does.
 */
export const strictPaths = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const url = escapePathDelimiters(request.url)
    return url === request.url ? app : Effect.provideService(app, HttpServerRequest.HttpServerRequest, request.modify({ url }))
  })
