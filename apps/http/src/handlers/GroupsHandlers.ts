import { createGroup, getGroup, joinGroup, leaveGroup, listGroups, previewInvite, updateGroup } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { asCaller } from "./toHttpError.ts"

export const GroupsHandlers = HttpApiBuilder.group(WagateApi, "groups", (handlers) =>
  handlers
    .handle("list", ({ params, query }) => asCaller((p) => listGroups(p, params.session, query)))
    .handle("create", ({ params, payload }) =>
      asCaller((p) => createGroup(p, params.session, payload)).pipe(Effect.map((created) => created.group)))
    .handle("get", ({ params }) => asCaller((p) => getGroup(p, params.session, params.gid)))
    .handle("update", ({ params, payload }) => asCaller((p) => updateGroup(p, params.session, params.gid, payload)))
    .handle("leave", ({ params }) => asCaller((p) => leaveGroup(p, params.session, params.gid)))
    .handle("join", ({ params, payload }) => asCaller((p) => joinGroup(p, params.session, payload)))
    .handle("previewInvite", ({ params }) => asCaller((p) => previewInvite(p, params.session, params.code))))
