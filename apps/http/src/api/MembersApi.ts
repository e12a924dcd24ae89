import type {
  addMembers,
  approveJoinRequests,
  demoteAdmin,
  getInvite,
  listJoinRequests,
  listMembers,
  ParticipantRefused,
  promoteAdmins,
  rejectJoinRequests,
  removeMember,
  revokeInvite
} from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  MissingCapabilityResponse,
  NotFoundResponse,
  ParticipantRefusedResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { liveGroupErrors } from "./errors/liveErrors.ts"
import { InviteJson, JoinRequest, ListOf, Member, PageQuery, ParticipantResults, ParticipantsJson } from "./schemas.ts"
import * as Ref from "./reference/members.ts"
import { reference } from "./reference/Reference.ts"

const group = { session: Schema.String, gid: Schema.String }
const member = { session: Schema.String, gid: Schema.String, jid: Schema.String }
/** `Prefer: return=representation` asks for the per-participant results instead of 204. */
const prefer = { prefer: Schema.optional(Schema.String) }
/**
 * The results first: `NoContent` is a void schema that encodes any value, so listed first it would turn the
 * representation into an empty 204. `undefined` does not match the results and falls through to the 204.
 */
const representation = [ParticipantResults, HttpApiSchema.NoContent] as const


export class MembersApi extends HttpApiGroup.make("members")
  .add(
    HttpApiEndpoint.get("list", "/sessions/:session/groups/:gid/members", {
      params: group,
      query: PageQuery,
      success: ListOf(Member, "MemberList"),
      error: errorsOf<typeof listMembers>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.listMembers)),
    HttpApiEndpoint.post("add", "/sessions/:session/groups/:gid/members", {
      params: group,
      headers: prefer,
      payload: ParticipantsJson,
      success: representation,
      error: errorsOf<typeof addMembers>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.addMembers)),
    HttpApiEndpoint.delete("remove", "/sessions/:session/groups/:gid/members/:jid", {
      params: member,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof removeMember, ParticipantRefused>()(...liveGroupErrors, ParticipantRefusedResponse)
    }).annotateMerge(reference(Ref.removeMember)),
    HttpApiEndpoint.post("promote", "/sessions/:session/groups/:gid/admins", {
      params: group,
      headers: prefer,
      payload: ParticipantsJson,
      success: representation,
      error: errorsOf<typeof promoteAdmins>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.promoteAdmins)),
    HttpApiEndpoint.delete("demote", "/sessions/:session/groups/:gid/admins/:jid", {
      params: member,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof demoteAdmin, ParticipantRefused>()(...liveGroupErrors, ParticipantRefusedResponse)
    }).annotateMerge(reference(Ref.demoteAdmin)),
    HttpApiEndpoint.get("invite", "/sessions/:session/groups/:gid/invite", {
      params: group,
      success: InviteJson,
      error: errorsOf<typeof getInvite>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.getInvite)),
    HttpApiEndpoint.post("revokeInvite", "/sessions/:session/groups/:gid/invite::revoke", {
      params: group,
      success: InviteJson,
      error: errorsOf<typeof revokeInvite>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.revokeInvite)),
    HttpApiEndpoint.get("requests", "/sessions/:session/groups/:gid/requests", {
      params: group,
      query: PageQuery,
      success: ListOf(JoinRequest, "JoinRequestList"),
      error: errorsOf<typeof listJoinRequests>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.listJoinRequests)),
    HttpApiEndpoint.post("approveRequests", "/sessions/:session/groups/:gid/requests::approve", {
      params: group,
      payload: ParticipantsJson,
      success: ParticipantResults,
      error: errorsOf<typeof approveJoinRequests>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.approveJoinRequests)),
    HttpApiEndpoint.post("rejectRequests", "/sessions/:session/groups/:gid/requests::reject", {
      params: group,
      payload: ParticipantsJson,
      success: ParticipantResults,
      error: errorsOf<typeof rejectJoinRequests>()(...liveGroupErrors)
    }).annotateMerge(reference(Ref.rejectJoinRequests))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.membersTag)
  .annotate(OpenApi.Title, "Members, admins, invites and join requests")
{}
