import { addCommunityMembers, createCommunity, linkCommunityGroup, listCommunities, unlinkCommunityGroup } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { participantResponse } from "./representation.ts"
import { makeRunner } from "./runner.ts"

export const CommunitiesHandlers = HttpApiBuilder.group(WagateApi, "communities", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("create", ({ params, payload }) => run((p) => createCommunity(p, params.session, payload)))
    .handle("list", ({ params, query }) => run((p) => listCommunities(p, params.session, query)))
    .handle("link", ({ params, payload }) => run((p) => linkCommunityGroup(p, params.session, params.cid, payload)))
    .handle("unlink", ({ params }) => run((p) => unlinkCommunityGroup(p, params.session, params.cid, params.gid)))
    .handle("addMembers", ({ params, headers, payload }) =>
      run((p) => addCommunityMembers(p, params.session, params.cid, payload)).pipe(
        Effect.map(participantResponse(headers.prefer))
      ))
}))
