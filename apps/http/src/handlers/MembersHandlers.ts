import {
  addMembers,
  approveJoinRequests,
  demoteAdmin,
  getInvite,
  listJoinRequests,
  listMembersJson,
  ParticipantRefused,
  type ParticipantResult,
  promoteAdmins,
  rejectJoinRequests,
  removeMember,
  revokeInvite
} from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { jsonText, participantResponse } from "./representation.ts"
import { makeRunner } from "./runner.ts"

/** A single-member DELETE answers 204 for done and for already done; a refusal (the group's creator) is 403. */
const refusedUnlessDone = (result: ParticipantResult) =>
  result.status === "failed"
    ? Effect.fail(new ParticipantRefused({ jid: result.jid }))
    : Effect.void

export const MembersHandlers = HttpApiBuilder.group(WagateApi, "members", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("list", ({ params, query }) => run((p) => listMembersJson(p, params.session, params.gid, query)).pipe(Effect.map(jsonText)))
    .handle("add", ({ params, headers, payload }) =>
      run((p) => addMembers(p, params.session, params.gid, payload)).pipe(Effect.map(participantResponse(headers.prefer))))
    .handle("remove", ({ params }) =>
      run((p) => removeMember(p, params.session, params.gid, params.jid)).pipe(Effect.flatMap(refusedUnlessDone)))
    .handle("promote", ({ params, headers, payload }) =>
      run((p) => promoteAdmins(p, params.session, params.gid, payload)).pipe(Effect.map(participantResponse(headers.prefer))))
    .handle("demote", ({ params }) =>
      run((p) => demoteAdmin(p, params.session, params.gid, params.jid)).pipe(Effect.flatMap(refusedUnlessDone)))
    .handle("invite", ({ params }) => run((p) => getInvite(p, params.session, params.gid)))
    .handle("revokeInvite", ({ params }) => run((p) => revokeInvite(p, params.session, params.gid)))
    .handle("requests", ({ params, query }) => run((p) => listJoinRequests(p, params.session, params.gid, query)))
    .handle("approveRequests", ({ params, payload }) =>
      run((p) => approveJoinRequests(p, params.session, params.gid, payload)).pipe(Effect.map((items) => ({ items }))))
    .handle("rejectRequests", ({ params, payload }) =>
      run((p) => rejectJoinRequests(p, params.session, params.gid, payload)).pipe(Effect.map((items) => ({ items }))))
}))
