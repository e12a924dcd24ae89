import type {
  addCommunityMembers,
  createCommunity,
  linkCommunityGroup,
  listCommunities,
  unlinkCommunityGroup
} from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  MissingCapabilityResponse,
  NotFoundResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { liveGroupErrors, liveSessionErrors } from "./errors/liveErrors.ts"
import {
  Community,
  CreateCommunityJson,
  CreatedCommunity,
  LinkGroupJson,
  ListOf,
  PageQuery,
  ParticipantResults,
  ParticipantsJson
} from "./schemas.ts"
import * as Ref from "./reference/communities.ts"
import { reference } from "./reference/Reference.ts"

const session = { session: Schema.String }
const community = { session: Schema.String, cid: Schema.String }


export class CommunitiesApi extends HttpApiGroup.make("communities")
  .add(
    HttpApiEndpoint.post("create", "/sessions/:session/communities", {
      params: session,
      payload: CreateCommunityJson,
      success: CreatedCommunity.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createCommunity>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.createCommunity)),
    HttpApiEndpoint.get("list", "/sessions/:session/communities", {
      params: session,
      query: PageQuery,
      success: ListOf(Community, "CommunityList"),
      error: errorsOf<typeof listCommunities>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.listCommunities)),
    HttpApiEndpoint.post("link", "/sessions/:session/communities/:cid/groups", {
      params: community,
      payload: LinkGroupJson,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof linkCommunityGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.linkGroup)),
    HttpApiEndpoint.delete("unlink", "/sessions/:session/communities/:cid/groups/:gid", {
      params: { session: Schema.String, cid: Schema.String, gid: Schema.String },
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof unlinkCommunityGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.unlinkGroup)),
    HttpApiEndpoint.post("addMembers", "/sessions/:session/communities/:cid/members", {
      params: community,
      headers: { prefer: Schema.optional(Schema.String) },
      payload: ParticipantsJson,
      // Results before the void 204, which would otherwise encode them away (see MembersApi).
      success: [ParticipantResults, HttpApiSchema.NoContent],
      error: errorsOf<typeof addCommunityMembers>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.addCommunityMembers))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.communitiesTag)
  .annotate(OpenApi.Title, "Communities")
{}
