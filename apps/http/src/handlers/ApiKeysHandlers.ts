import { createApiKey, listApiKeys, revokeApiKey } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./runner.ts"

export const ApiKeysHandlers = HttpApiBuilder.group(WagateApi, "apiKeys", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("create", ({ payload }) =>
      run((p) => createApiKey(p, payload)).pipe(
        Effect.map(({ id, key, name, capabilities, createdAt }) => ({ id, key, name, capabilities, createdAt }))
      ))
    .handle("list", ({ query }) => run((p) => listApiKeys(p, query)))
    .handle("revoke", ({ params }) => run((p) => revokeApiKey(p, params.id)))
}))
