import { HttpApi, OpenApi } from "effect/http-api"
import { ApiKeysApi } from "./ApiKeysApi.ts"
import { CommunitiesApi } from "./CommunitiesApi.ts"
import { GroupsApi } from "./GroupsApi.ts"
import { MembersApi } from "./MembersApi.ts"
import { MessagesApi } from "./MessagesApi.ts"
import { SessionsApi } from "./SessionsApi.ts"

/**
 * The router spells a literal colon `::` (`/groups::join`); the document shows the path callers use
 * (`/groups:join`).
 */
function unescapeColons(spec: Record<string, unknown>): Record<string, unknown> {
  const paths = (spec["paths"] ?? {}) as Record<string, unknown>
  return { ...spec, paths: Object.fromEntries(Object.entries(paths).map(([path, item]) => [path.replaceAll("::", ":"), item])) }
}

/** The wagate HTTP contract v1 (`/api/v1`), the source of the server, the OpenAPI document and the typed client. */
export class WagateApi extends HttpApi.make("wagate")
  .add(SessionsApi)
  .add(ApiKeysApi)
  .add(GroupsApi)
  .add(MembersApi)
  .add(CommunitiesApi)
  .add(MessagesApi)
  .prefix("/api/v1")
  // Every offending field of a body or query is named in `details`, not just the first the decoder met.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotate(OpenApi.Title, "wagate")
  .annotate(OpenApi.Transform, unescapeColons)
  .annotate(OpenApi.Version, "1.0.0")
  .annotate(
    OpenApi.Description,
    "An embeddable WhatsApp gateway: sessions, groups, members, invites, communities and messages. Every non-2xx response is `{\"error\":{\"code\",\"message\",\"details\"}}`."
  )
{}
