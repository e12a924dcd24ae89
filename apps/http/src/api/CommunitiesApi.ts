import { CreateCommunityBody, LinkGroupBody, ParticipantsBody } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { commonErrors, liveErrors } from "./errors.ts"
import { Community, CreatedCommunity, ListOf, PageQuery, ParticipantResults } from "./schemas.ts"

const session = { session: Schema.String }
const community = { session: Schema.String, cid: Schema.String }

export class CommunitiesApi extends HttpApiGroup.make("communities")
  .add(
    HttpApiEndpoint.post("create", "/sessions/:session/communities", {
      params: session,
      payload: CreateCommunityBody,
      success: CreatedCommunity.pipe(HttpApiSchema.status(201)),
      error: liveErrors
    }).annotate(OpenApi.Description, "Creates a community with its announcement group. Live; needs `send`."),
    HttpApiEndpoint.get("list", "/sessions/:session/communities", {
      params: session,
      query: PageQuery,
      success: ListOf(Community),
      error: commonErrors
    }).annotate(OpenApi.Description, "The session's communities (stored). Needs `read`."),
    HttpApiEndpoint.post("link", "/sessions/:session/communities/:cid/groups", {
      params: community,
      payload: LinkGroupBody,
      success: HttpApiSchema.NoContent,
      error: liveErrors
    }).annotate(OpenApi.Description, "Links a group to the community. Live, admin of both; needs `send`."),
    HttpApiEndpoint.delete("unlink", "/sessions/:session/communities/:cid/groups/:gid", {
      params: { session: Schema.String, cid: Schema.String, gid: Schema.String },
      success: HttpApiSchema.NoContent,
      error: liveErrors
    }).annotate(OpenApi.Description, "Unlinks a group from the community. Live, admin of both; needs `send`."),
    HttpApiEndpoint.post("addMembers", "/sessions/:session/communities/:cid/members", {
      params: community,
      headers: { prefer: Schema.optional(Schema.String) },
      payload: ParticipantsBody,
      // Results before the void 204, which would otherwise encode them away (see MembersApi).
      success: [ParticipantResults, HttpApiSchema.NoContent],
      error: liveErrors
    }).annotate(OpenApi.Description, "Adds members to the community and its announcement group; as for group members. Live, admin; needs `send`.")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Communities")
{}
