import { FindMyWay } from "effect/http"
import { HttpApi, type HttpApiGroup } from "effect/http-api"
import { routerPath } from "../api/paths.ts"

export { routeLabel } from "../api/paths.ts"

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
    const path = routerPath(route.path)
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
