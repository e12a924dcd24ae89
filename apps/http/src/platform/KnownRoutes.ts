import { FindMyWay } from "effect/http"
import { HttpApi, type HttpApiGroup } from "effect/http-api"

/** A method and a path template as the router takes them (`/sessions/:session::logout`). */
export interface KnownRoute {
  readonly method: string
  readonly path: string
}

/** Every endpoint of an `HttpApi`, with its prefix, so `405` can name the methods a path has. */
export const routesOf = <Id extends string, Groups extends HttpApiGroup.Constraint>(
  api: HttpApi.HttpApi<Id, Groups>
): ReadonlyArray<KnownRoute> => {
  const routes: Array<KnownRoute> = []
  HttpApi.reflect(api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => {
      routes.push({ method: endpoint.method, path: endpoint.path })
    }
  })
  return routes
}

/**
 * The router needs a regex to end a parameter that is followed by a literal other than `/ . - ?`, as in
 * `:session::logout`; HttpApiBuilder adds `(.*?)` there, and so must we to match the same URLs.
 */
const toRouterPath = (path: string): string =>
  path.replace(/::|:\w+/g, (match: string, offset: number) => {
    const next = path[offset + match.length]
    return match === "::" || next === undefined || "/.-?(".includes(next) ? match : `${match}(.*?)`
  })

const isPathInput = (path: string): path is `/${string}` => path.startsWith("/")

/** The methods each known path answers: the `Allow` header of a `405`. */
export interface RouteTable {
  /** The methods registered for the URL's path, `HEAD` included where `GET` is; empty for an unknown path. */
  readonly allowedMethods: (url: string) => ReadonlyArray<string>
}

const methodOrder = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
const methodRank = (method: string) => {
  const rank = methodOrder.indexOf(method)
  return rank < 0 ? methodOrder.length : rank
}

export const makeRouteTable = (routes: ReadonlyArray<KnownRoute>): RouteTable => {
  const router = FindMyWay.make<true>()
  const methods = new Set<string>()
  for (const route of routes) {
    const path = toRouterPath(route.path)
    if (!isPathInput(path)) continue
    router.on(route.method, path, true)
    methods.add(route.method)
  }
  return {
    allowedMethods: (url) => {
      const allowed = new Set([...methods].filter((method) => router.find(method, url) !== undefined))
      // The router answers HEAD with the GET route.
      if (allowed.has("GET")) allowed.add("HEAD")
      return [...allowed].sort((a, b) => methodRank(a) - methodRank(b))
    }
  }
}

/** A route template as a metrics label: `/api/v1/sessions/:session(.*?)::logout` → `/api/v1/sessions/{session}:logout`. */
export const routeLabel = (path: string): string =>
  path
    .replace(/:(\w+)(\((?:[^()]|\([^()]*\))*\))?\??/g, (match, name: string, _regex, offset: number) =>
      // `::` is a literal colon: its second character is not a parameter.
      offset > 0 && path[offset - 1] === ":" ? match : `{${name}}`)
    .replace(/::/g, ":")
