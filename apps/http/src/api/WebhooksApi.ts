import type { deleteWebhook, listWebhookDeliveries, listWebhooks, registerWebhook } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import { MissingCapabilityResponse, NotFoundResponse } from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { reference } from "./reference/Reference.ts"
import * as Ref from "./reference/webhooks.ts"
import { ListOf, PageQuery, RegisteredWebhookJson, RegisterWebhookJson, WebhookDeliveryJson, WebhookJson } from "./schemas.ts"

export class WebhooksApi extends HttpApiGroup.make("webhooks")
  .add(
    HttpApiEndpoint.post("register", "/webhooks", {
      payload: RegisterWebhookJson,
      success: RegisteredWebhookJson.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof registerWebhook>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.registerWebhook)),
    HttpApiEndpoint.get("list", "/webhooks", {
      query: PageQuery,
      success: ListOf(WebhookJson, "WebhookList"),
      error: errorsOf<typeof listWebhooks>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.listWebhooks)),
    HttpApiEndpoint.delete("delete", "/webhooks/:id", {
      params: { id: Schema.String },
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof deleteWebhook>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.deleteWebhook)),
    HttpApiEndpoint.get("deliveries", "/webhooks/:id/deliveries", {
      params: { id: Schema.String },
      query: PageQuery,
      success: ListOf(WebhookDeliveryJson, "WebhookDeliveryList"),
      error: errorsOf<typeof listWebhookDeliveries>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.listWebhookDeliveries))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.webhooksTag)
  .annotate(OpenApi.Title, "Webhooks")
{}
