import {
  createGroup,
  getGroup,
  joinGroup,
  leaveGroup,
  listGroupsJson,
  previewInvite,
  refreshGroup,
  refreshGroups,
  updateGroup
} from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { jsonText } from "./representation.ts"
import { makeRunner } from "./runner.ts"

export const GroupsHandlers = HttpApiBuilder.group(WagateApi, "groups", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("list", ({ params, query }) => run((p) => listGroupsJson(p, params.session, query)).pipe(Effect.map(jsonText)))
    .handle("create", ({ params, payload }) =>
      run((p) => createGroup(p, params.session, payload)).pipe(Effect.map((created) => created.group)))
    .handle("get", ({ params }) => run((p) => getGroup(p, params.session, params.gid)))
    .handle("update", ({ params, payload }) => run((p) => updateGroup(p, params.session, params.gid, payload)))
    .handle("leave", ({ params }) => run((p) => leaveGroup(p, params.session, params.gid)))
    .handle("refresh", ({ params }) => run((p) => refreshGroup(p, params.session, params.gid)))
    .handle("refreshAll", ({ params }) => run((p) => refreshGroups(p, params.session)))
    .handle("join", ({ params, payload }) => run((p) => joinGroup(p, params.session, payload)))
    .handle("previewInvite", ({ params }) => run((p) => previewInvite(p, params.session, params.code)))
}))
