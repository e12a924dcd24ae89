import type { createGroup, getGroup, joinGroup, leaveGroup, listGroups, previewInvite, updateGroup } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  MissingCapabilityResponse,
  NotFoundResponse,
  NotGroupAdminResponse,
  NotGroupMemberResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import {
  CreateGroupJson,
  Group,
  InvitePreviewJson,
  JoinGroupJson,
  JoinResult,
  ListOf,
  PageQuery,
  UpdateGroupJson
} from "./schemas.ts"

const session = { session: Schema.String }
const group = { session: Schema.String, gid: Schema.String }

export class GroupsApi extends HttpApiGroup.make("groups")
  .add(
    HttpApiEndpoint.get("list", "/sessions/:session/groups", {
      params: session,
      query: PageQuery,
      success: ListOf(Group, "GroupList"),
      error: errorsOf<typeof listGroups>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotate(OpenApi.Description, "The session's groups (stored, no WhatsApp call). Needs `read`."),
    HttpApiEndpoint.post("create", "/sessions/:session/groups", {
      params: session,
      payload: CreateGroupJson,
      success: Group.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createGroup>()(
        MissingCapabilityResponse,
        NotFoundResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(
      OpenApi.Description,
      "Creates a group owned by the session's account and stores it at once. Participants WhatsApp refuses (privacy, not on WhatsApp) are skipped. Live; needs `send`."
    ),
    HttpApiEndpoint.get("get", "/sessions/:session/groups/:gid", {
      params: group,
      success: Group,
      error: errorsOf<typeof getGroup>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotate(OpenApi.Description, "One group (stored); a left group reads with `left: true`. `gid` may be percent-encoded. Needs `read`."),
    HttpApiEndpoint.patch("update", "/sessions/:session/groups/:gid", {
      params: group,
      payload: UpdateGroupJson,
      success: Group,
      error: errorsOf<typeof updateGroup>()(
        MissingCapabilityResponse,
        NotGroupAdminResponse,
        NotGroupMemberResponse,
        NotFoundResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(OpenApi.Description, "Changes subject, description (`null` clears it) and settings. Live, admin; needs `send`."),
    HttpApiEndpoint.post("leave", "/sessions/:session/groups/:gid::leave", {
      params: group,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof leaveGroup>()(
        MissingCapabilityResponse,
        NotGroupAdminResponse,
        NotGroupMemberResponse,
        NotFoundResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(OpenApi.Description, "The session's account leaves; the stored group stays readable, marked left. Live; needs `send`."),
    HttpApiEndpoint.post("join", "/sessions/:session/groups::join", {
      params: session,
      payload: JoinGroupJson,
      success: JoinResult,
      error: errorsOf<typeof joinGroup>()(
        MissingCapabilityResponse,
        NotGroupAdminResponse,
        NotGroupMemberResponse,
        NotFoundResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(
      OpenApi.Description,
      "Joins by a bare invite code or a full https://chat.whatsapp.com link; already a member still answers 200. With join approval on, a request is queued (`pendingApproval: true`). Live; needs `send`."
    ),
    HttpApiEndpoint.get("previewInvite", "/sessions/:session/invites/:code", {
      params: { session: Schema.String, code: Schema.String },
      success: InvitePreviewJson,
      error: errorsOf<typeof previewInvite>()(
        MissingCapabilityResponse,
        NotFoundResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(OpenApi.Description, "What an invite leads to, without joining. Live; needs `read`.")
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Groups")
{}
