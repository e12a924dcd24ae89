import {
  addMembers,
  approveJoinRequests,
  demoteAdmin,
  getInvite,
  listJoinRequests,
  listMembers,
  type ParticipantResult,
  promoteAdmins,
  rejectJoinRequests,
  removeMember,
  revokeInvite
} from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Forbidden } from "../api/errors.ts"
import { WagateApi } from "../api/WagateApi.ts"
import { participantResponse } from "./representation.ts"
import { asCaller } from "./toHttpError.ts"

/** A single-member DELETE answers 204 for done and for already done; a refusal (the group's creator) is 403. */
const refusedUnlessDone = (result: ParticipantResult) =>
  result.status === "failed"
    ? Effect.fail(new Forbidden({
      error: { code: "forbidden", message: `WhatsApp refused the change for ${result.jid}`, details: { jid: result.jid, reason: "refused" } }
    }))
    : Effect.void

export const MembersHandlers = HttpApiBuilder.group(WagateApi, "members", (handlers) =>
  handlers
    .handle("list", ({ params, query }) => asCaller((p) => listMembers(p, params.session, params.gid, query)))
    .handle("add", ({ params, headers, payload }) =>
      asCaller((p) => addMembers(p, params.session, params.gid, payload)).pipe(Effect.map(participantResponse(headers.prefer))))
    .handle("remove", ({ params }) =>
      asCaller((p) => removeMember(p, params.session, params.gid, params.jid)).pipe(Effect.flatMap(refusedUnlessDone)))
    .handle("promote", ({ params, headers, payload }) =>
      asCaller((p) => promoteAdmins(p, params.session, params.gid, payload)).pipe(Effect.map(participantResponse(headers.prefer))))
    .handle("demote", ({ params }) =>
      asCaller((p) => demoteAdmin(p, params.session, params.gid, params.jid)).pipe(Effect.flatMap(refusedUnlessDone)))
    .handle("invite", ({ params }) => asCaller((p) => getInvite(p, params.session, params.gid)))
    .handle("revokeInvite", ({ params }) => asCaller((p) => revokeInvite(p, params.session, params.gid)))
    .handle("requests", ({ params, query }) => asCaller((p) => listJoinRequests(p, params.session, params.gid, query)))
    .handle("approveRequests", ({ params, payload }) =>
      asCaller((p) => approveJoinRequests(p, params.session, params.gid, payload)).pipe(Effect.map((items) => ({ items }))))
    .handle("rejectRequests", ({ params, payload }) =>
      asCaller((p) => rejectJoinRequests(p, params.session, params.gid, payload)).pipe(Effect.map((items) => ({ items })))))
