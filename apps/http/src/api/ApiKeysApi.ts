import type { createApiKey, listApiKeys, revokeApiKey } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import { MissingCapabilityResponse, NotFoundResponse } from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { ApiKeyJson, CreateApiKeyJson, CreatedApiKeyJson, ListOf, PageQuery } from "./schemas.ts"

export class ApiKeysApi extends HttpApiGroup.make("apiKeys")
  .add(
    HttpApiEndpoint.post("create", "/api-keys", {
      payload: CreateApiKeyJson,
      success: CreatedApiKeyJson.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createApiKey>()(MissingCapabilityResponse)
    }).annotate(
      OpenApi.Description,
      "Mints an api key (`wgk_…`) for the caller's organisation. The key is in this response only. A caller cannot mint capabilities it lacks (403). Needs `manage`."
    ),
    HttpApiEndpoint.get("list", "/api-keys", {
      query: PageQuery,
      success: ListOf(ApiKeyJson, "ApiKeyList"),
      error: errorsOf<typeof listApiKeys>()(MissingCapabilityResponse)
    }).annotate(OpenApi.Description, "The organisation's keys, without the keys themselves. Needs `manage`."),
    HttpApiEndpoint.delete("revoke", "/api-keys/:id", {
      params: { id: Schema.String },
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof revokeApiKey>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotate(OpenApi.Description, "Revokes a key; it is refused at once. Needs `manage`.")
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Title, "API keys")
{}
