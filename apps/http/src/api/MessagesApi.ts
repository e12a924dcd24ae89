import type { getMessage, sendMessage } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  ConflictResponse,
  MissingCapabilityResponse,
  NotFoundResponse,
  NotGroupAdminResponse,
  NotGroupMemberResponse,
  NotImplementedResponse,
  RateLimitedResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { SendMessageJson, SendResult } from "./schemas.ts"
import * as Ref from "./reference/messages.ts"
import { reference } from "./reference/Reference.ts"

export class MessagesApi extends HttpApiGroup.make("messages")
  .add(
    HttpApiEndpoint.post("send", "/sessions/:session/messages", {
      params: { session: Schema.String },
      query: { async: Schema.optional(Schema.Literals(["true", "false"])) },
      headers: { "idempotency-key": Schema.optional(Schema.String) },
      payload: SendMessageJson,
      // 200 once the message reached its outcome; 202 while it is queued (and always for `?async=true`).
      success: [SendResult, SendResult.pipe(HttpApiSchema.status(202))],
      error: errorsOf<typeof sendMessage>()(
        MissingCapabilityResponse,
        NotGroupAdminResponse,
        NotGroupMemberResponse,
        NotFoundResponse,
        ConflictResponse,
        RateLimitedResponse,
        NotImplementedResponse
      )
    }).annotateMerge(reference(Ref.sendMessage)),
    HttpApiEndpoint.get("get", "/sessions/:session/messages/:id", {
      params: { session: Schema.String, id: Schema.String },
      success: SendResult,
      error: errorsOf<typeof getMessage>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.getMessage))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.messagesTag)
  .annotate(OpenApi.Title, "Messages")
{}
