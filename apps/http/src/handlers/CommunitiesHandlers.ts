import { addCommunityMembers, createCommunity, linkCommunityGroup, listCommunities, unlinkCommunityGroup } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { participantResponse } from "./representation.ts"
import { asCaller } from "./toHttpError.ts"

export const CommunitiesHandlers = HttpApiBuilder.group(WagateApi, "communities", (handlers) =>
  handlers
    .handle("create", ({ params, payload }) => asCaller((p) => createCommunity(p, params.session, payload)))
    .handle("list", ({ params, query }) => asCaller((p) => listCommunities(p, params.session, query)))
    .handle("link", ({ params, payload }) => asCaller((p) => linkCommunityGroup(p, params.session, params.cid, payload)))
    .handle("unlink", ({ params }) => asCaller((p) => unlinkCommunityGroup(p, params.session, params.cid, params.gid)))
    .handle("addMembers", ({ params, headers, payload }) =>
      asCaller((p) => addCommunityMembers(p, params.session, params.cid, payload)).pipe(
        Effect.map(participantResponse(headers.prefer))
      )))
