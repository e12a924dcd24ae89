import { HttpApi, OpenApi } from "effect/http-api"
import { ApiKeysApi } from "./ApiKeysApi.ts"
import { ChatsApi } from "./ChatsApi.ts"
import { CommunitiesApi } from "./CommunitiesApi.ts"
import { EventsApi } from "./EventsApi.ts"
import { GroupsApi } from "./GroupsApi.ts"
import { MembersApi } from "./MembersApi.ts"
import { MessagesApi } from "./MessagesApi.ts"
import { publicPath } from "./paths.ts"
import { completeDocument, documentAnnotations } from "./reference/document.ts"
import { SessionsApi } from "./SessionsApi.ts"
import { WebhooksApi } from "./WebhooksApi.ts"

/** The document shows the paths callers use (`/groups:join`), not the router's spelling (`/groups::join`). */
function publicPaths(spec: Record<string, unknown>): Record<string, unknown> {
  const paths = (spec["paths"] ?? {}) as Record<string, unknown>
  return { ...spec, paths: Object.fromEntries(Object.entries(paths).map(([path, item]) => [publicPath(path), item])) }
}

/** The wagate HTTP contract v1 (`/api/v1`), the source of the server, the OpenAPI document and the typed client. */
export class WagateApi extends HttpApi.make("wagate")
  .add(SessionsApi)
  .add(ApiKeysApi)
  .add(GroupsApi)
  .add(MembersApi)
  .add(CommunitiesApi)
  .add(MessagesApi)
  .add(ChatsApi)
  .add(WebhooksApi)
  .add(EventsApi)
  .prefix("/api/v1")
  // Every offending field of a body or query is named in `details`, not just the first the decoder met; a body
  // field the operation does not define is refused, as the document's `additionalProperties: false` says.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  // The reference: title, description, license, servers; then the operations and simulator routes and the
  // discriminated send body (`reference/document.ts`). `Transform` hands over the document untyped; it is the
  // `OpenAPISpec` that `OpenApi.fromApi` generated.
  .annotateMerge(documentAnnotations)
  .annotate(OpenApi.Transform, (spec) => publicPaths({ ...completeDocument(spec as OpenApi.OpenAPISpec) }))
{}
