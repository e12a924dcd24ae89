import type { getMessage, sendMessage } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  ConflictResponse,
  MissingCapabilityResponse,
  NotFoundResponse,
  NotGroupAdminResponse,
  NotGroupMemberResponse,
  NotImplementedResponse,
  RateLimitedResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { SendMessageJson, SendResult } from "./schemas.ts"

export class MessagesApi extends HttpApiGroup.make("messages")
  .add(
    HttpApiEndpoint.post("send", "/sessions/:session/messages", {
      params: { session: Schema.String },
      query: { async: Schema.optional(Schema.Literals(["true", "false"])) },
      headers: { "idempotency-key": Schema.optional(Schema.String) },
      payload: SendMessageJson,
      success: SendResult,
      error: errorsOf<typeof sendMessage>()(
        MissingCapabilityResponse,
        NotGroupAdminResponse,
        NotGroupMemberResponse,
        NotFoundResponse,
        ConflictResponse,
        RateLimitedResponse,
        SessionNotConnectedResponse,
        NotImplementedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(
      OpenApi.Description,
      [
        "Sends one message; `type` chooses the kind: `text`, `poll`, `location`, `contact`.",
        "Media types (`image`, `video`, `audio`, `document`, `sticker`) answer 501 before any WhatsApp call.",
        "Synchronous: 200 once WhatsApp acknowledged. `?async=true` answers 501 until asynchronous sending is built.",
        "`Idempotency-Key` (1..255 printable characters): a key already seen for the organisation returns the original result and sends nothing; the same key with another body is 409.",
        "Over the per-session rate: 429 with `Retry-After`. Needs `send`."
      ].join(" ")
    ),
    HttpApiEndpoint.get("get", "/sessions/:session/messages/:id", {
      params: { session: Schema.String, id: Schema.String },
      success: SendResult,
      error: errorsOf<typeof getMessage>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotate(OpenApi.Description, "The current state of a sent message (stored). Needs `read`.")
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Messages")
{}
