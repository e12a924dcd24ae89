import { createApiKey, listApiKeys, revokeApiKey } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { asCaller } from "./toHttpError.ts"

export const ApiKeysHandlers = HttpApiBuilder.group(WagateApi, "apiKeys", (handlers) =>
  handlers
    .handle("create", ({ payload }) =>
      asCaller((p) => createApiKey(p, payload)).pipe(
        Effect.map(({ id, key, name, capabilities, createdAt }) => ({ id, key, name, capabilities, createdAt }))
      ))
    .handle("list", ({ query }) => asCaller((p) => listApiKeys(p, query)))
    .handle("revoke", ({ params }) => asCaller((p) => revokeApiKey(p, params.id))))
