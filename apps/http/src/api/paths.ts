/**
 * The router (FindMyWay) spells a literal colon `::`, as in `/sessions/:session::logout`; callers, the OpenAPI
 * document and the typed client's URLs have a single `:`. This is the one place that knows it.
 */

/** The path as callers write it: `/sessions/:session::logout` → `/sessions/:session:logout`. */
export const publicPath = (path: string): string => path.replaceAll("::", ":")

/**
 * The path as the router matches it. A parameter followed by a literal other than `/ . - ?` needs a regex to end
 * it (`:session(.*?)::logout`); HttpApiBuilder adds `(.*?)` there, and so must any other table of the same routes.
 */
export const routerPath = (path: string): string =>
  path.replace(/::|:\w+/g, (match: string, offset: number) => {
    const next = path[offset + match.length]
    return match === "::" || next === undefined || "/.-?(".includes(next) ? match : `${match}(.*?)`
  })

/**
 * A router path as a label (metrics, logs): `/api/v1/sessions/:session(.*?)::logout` →
 * `/api/v1/sessions/{session}:logout`.
 */
export const routeLabel = (path: string): string =>
  publicPath(
    path.replace(/:(\w+)(\((?:[^()]|\([^()]*\))*\))?\??/g, (match, name: string, _regex, offset: number) =>
      // `::` is a literal colon: its second character is not a parameter.
      offset > 0 && path[offset - 1] === ":" ? match : `{${name}}`)
  )
