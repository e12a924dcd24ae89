import type { createApiKey, listApiKeys, revokeApiKey } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import { MissingCapabilityResponse, NotFoundResponse } from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { ApiKeyJson, CreateApiKeyJson, CreatedApiKeyJson, ListOf, PageQuery } from "./schemas.ts"
import * as Ref from "./reference/apiKeys.ts"
import { reference } from "./reference/Reference.ts"

export class ApiKeysApi extends HttpApiGroup.make("apiKeys")
  .add(
    HttpApiEndpoint.post("create", "/api-keys", {
      payload: CreateApiKeyJson,
      success: CreatedApiKeyJson.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createApiKey>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.createApiKey)),
    HttpApiEndpoint.get("list", "/api-keys", {
      query: PageQuery,
      success: ListOf(ApiKeyJson, "ApiKeyList"),
      error: errorsOf<typeof listApiKeys>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.listApiKeys)),
    HttpApiEndpoint.delete("revoke", "/api-keys/:id", {
      params: { id: Schema.String },
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof revokeApiKey>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.revokeApiKey))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.apiKeysTag)
  .annotate(OpenApi.Title, "API keys")
{}
