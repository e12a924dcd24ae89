import { CreateApiKeyBody } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { commonErrors } from "./errors.ts"
import { ApiKeyJson, CreatedApiKeyJson, ListOf, PageQuery } from "./schemas.ts"

export class ApiKeysApi extends HttpApiGroup.make("apiKeys")
  .add(
    HttpApiEndpoint.post("create", "/api-keys", {
      payload: CreateApiKeyBody,
      success: CreatedApiKeyJson.pipe(HttpApiSchema.status(201)),
      error: commonErrors
    }).annotate(
      OpenApi.Description,
      "Mints an api key (`wgk_…`) for the caller's organisation. The key is in this response only. A caller cannot mint capabilities it lacks (403). Needs `manage`."
    ),
    HttpApiEndpoint.get("list", "/api-keys", { query: PageQuery, success: ListOf(ApiKeyJson), error: commonErrors })
      .annotate(OpenApi.Description, "The organisation's keys, without the keys themselves. Needs `manage`."),
    HttpApiEndpoint.delete("revoke", "/api-keys/:id", {
      params: { id: Schema.String },
      success: HttpApiSchema.NoContent,
      error: commonErrors
    }).annotate(OpenApi.Description, "Revokes a key; it is refused at once. Needs `manage`.")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "API keys")
{}
