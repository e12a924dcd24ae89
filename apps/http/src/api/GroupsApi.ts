import { CreateGroupBody, JoinGroupBody, UpdateGroupBody } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { commonErrors, liveErrors } from "./errors.ts"
import { Group, InvitePreviewJson, JoinResult, ListOf, PageQuery } from "./schemas.ts"

const session = { session: Schema.String }
const group = { session: Schema.String, gid: Schema.String }

export class GroupsApi extends HttpApiGroup.make("groups")
  .add(
    HttpApiEndpoint.get("list", "/sessions/:session/groups", {
      params: session,
      query: PageQuery,
      success: ListOf(Group),
      error: commonErrors
    }).annotate(OpenApi.Description, "The session's groups (stored, no WhatsApp call). Needs `read`."),
    HttpApiEndpoint.post("create", "/sessions/:session/groups", {
      params: session,
      payload: CreateGroupBody,
      success: Group.pipe(HttpApiSchema.status(201)),
      error: liveErrors
    }).annotate(
      OpenApi.Description,
      "Creates a group owned by the session's account and stores it at once. Participants WhatsApp refuses (privacy, not on WhatsApp) are skipped. Live; needs `send`."
    ),
    HttpApiEndpoint.get("get", "/sessions/:session/groups/:gid", { params: group, success: Group, error: commonErrors })
      .annotate(OpenApi.Description, "One group (stored); a left group reads with `left: true`. `gid` may be percent-encoded. Needs `read`."),
    HttpApiEndpoint.patch("update", "/sessions/:session/groups/:gid", {
      params: group,
      payload: UpdateGroupBody,
      success: Group,
      error: liveErrors
    }).annotate(OpenApi.Description, "Changes subject, description (`null` clears it) and settings. Live, admin; needs `send`."),
    HttpApiEndpoint.post("leave", "/sessions/:session/groups/:gid::leave", {
      params: group,
      success: HttpApiSchema.NoContent,
      error: liveErrors
    }).annotate(OpenApi.Description, "The session's account leaves; the stored group stays readable, marked left. Live; needs `send`."),
    HttpApiEndpoint.post("join", "/sessions/:session/groups::join", {
      params: session,
      payload: JoinGroupBody,
      success: JoinResult,
      error: liveErrors
    }).annotate(
      OpenApi.Description,
      "Joins by a bare invite code or a full https://chat.whatsapp.com link; already a member still answers 200. With join approval on, a request is queued (`pendingApproval: true`). Live; needs `send`."
    ),
    HttpApiEndpoint.get("previewInvite", "/sessions/:session/invites/:code", {
      params: { session: Schema.String, code: Schema.String },
      success: InvitePreviewJson,
      error: liveErrors
    }).annotate(OpenApi.Description, "What an invite leads to, without joining. Live; needs `read`.")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Groups")
{}
