import type {
  createGroup,
  getGroup,
  joinGroup,
  leaveGroup,
  listGroups,
  previewInvite,
  refreshGroup,
  refreshGroups,
  updateGroup
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
  CreateGroupJson,
  Group,
  InvitePreviewJson,
  JoinGroupJson,
  JoinResult,
  ListOf,
  PageQuery,
  RefreshSummaryJson,
  UpdateGroupJson
} from "./schemas.ts"
import * as Ref from "./reference/groups.ts"
import { reference } from "./reference/Reference.ts"

const session = { session: Schema.String }
const group = { session: Schema.String, gid: Schema.String }

export class GroupsApi extends HttpApiGroup.make("groups")
  .add(
    HttpApiEndpoint.get("list", "/sessions/:session/groups", {
      params: session,
      query: PageQuery,
      success: ListOf(Group, "GroupList"),
      error: errorsOf<typeof listGroups>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.listGroups)),
    HttpApiEndpoint.post("create", "/sessions/:session/groups", {
      params: session,
      payload: CreateGroupJson,
      success: Group.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createGroup>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.createGroup)),
    HttpApiEndpoint.get("get", "/sessions/:session/groups/:gid", {
      params: group,
      success: Group,
      error: errorsOf<typeof getGroup>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.getGroup)),
    HttpApiEndpoint.patch("update", "/sessions/:session/groups/:gid", {
      params: group,
      payload: UpdateGroupJson,
      success: Group,
      error: errorsOf<typeof updateGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.updateGroup)),
    HttpApiEndpoint.post("leave", "/sessions/:session/groups/:gid::leave", {
      params: group,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof leaveGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.leaveGroup)),
    HttpApiEndpoint.post("refresh", "/sessions/:session/groups/:gid::refresh", {
      params: group,
      success: Group,
      error: errorsOf<typeof refreshGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.refreshGroup)),
    HttpApiEndpoint.post("refreshAll", "/sessions/:session/groups::refresh", {
      params: session,
      success: RefreshSummaryJson,
      error: errorsOf<typeof refreshGroups>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.refreshGroups)),
    HttpApiEndpoint.post("join", "/sessions/:session/groups::join", {
      params: session,
      payload: JoinGroupJson,
      success: JoinResult,
      error: errorsOf<typeof joinGroup>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.joinGroup)),
    HttpApiEndpoint.get("previewInvite", "/sessions/:session/invites/:code", {
      params: { session: Schema.String, code: Schema.String },
      success: InvitePreviewJson,
      error: errorsOf<typeof previewInvite>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.previewInvite))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.groupsTag)
  .annotate(OpenApi.Title, "Groups")
{}
