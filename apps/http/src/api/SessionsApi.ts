import type {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  logoutSession,
  requestPairingCode,
  sessionQr
} from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  ConflictResponse,
  MissingCapabilityResponse,
  NotFoundResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import {
  CreateSessionJson,
  ListOf,
  PageQuery,
  PairingCodeJson,
  PairingCodeRequestJson,
  QrJson,
  SessionJson
} from "./schemas.ts"

const session = { session: Schema.String }

export class SessionsApi extends HttpApiGroup.make("sessions")
  .add(
    HttpApiEndpoint.post("create", "/sessions", {
      payload: CreateSessionJson,
      success: SessionJson.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createSession>()(MissingCapabilityResponse, ConflictResponse)
    }).annotate(OpenApi.Description, "Creates a session (one WhatsApp number). `id` defaults to a ULID; a taken id is 409. Needs `manage`."),
    HttpApiEndpoint.get("list", "/sessions", {
      query: PageQuery,
      success: ListOf(SessionJson, "SessionList"),
      error: errorsOf<typeof listSessions>()(MissingCapabilityResponse)
    }).annotate(OpenApi.Description, "The organisation's sessions (stored). Needs `read`."),
    HttpApiEndpoint.get("get", "/sessions/:session", {
      params: session,
      success: SessionJson,
      error: errorsOf<typeof getSession>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotate(OpenApi.Description, "One session (stored). Needs `read`."),
    HttpApiEndpoint.get("qr", "/sessions/:session/qr", {
      params: session,
      headers: { accept: Schema.optional(Schema.String) },
      success: [
        QrJson,
        Schema.Uint8Array.pipe(HttpApiSchema.asUint8Array({ contentType: "image/png" })),
        Schema.String.pipe(HttpApiSchema.asText({ contentType: "image/svg+xml" }))
      ],
      error: errorsOf<typeof sessionQr>()(
        MissingCapabilityResponse,
        NotFoundResponse,
        ConflictResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(
      OpenApi.Description,
      "A QR code to link a phone, as `{qr, expiresAt}`, or as a picture with `Accept: image/png` or `image/svg+xml`; 409 when already connected. Needs `manage`."
    ),
    HttpApiEndpoint.post("pairingCode", "/sessions/:session/pairing-code", {
      params: session,
      payload: PairingCodeRequestJson,
      success: PairingCodeJson,
      error: errorsOf<typeof requestPairingCode>()(
        MissingCapabilityResponse,
        NotFoundResponse,
        ConflictResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotate(OpenApi.Description, "A code to type on the phone instead of scanning a QR code. Needs `manage`."),
    HttpApiEndpoint.post("logout", "/sessions/:session::logout", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof logoutSession>()(MissingCapabilityResponse, NotFoundResponse, WhatsAppFailureResponse)
    }).annotate(OpenApi.Description, "Unlinks the device; stored groups stay readable. Needs `manage`."),
    HttpApiEndpoint.delete("delete", "/sessions/:session", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof deleteSession>()(MissingCapabilityResponse, NotFoundResponse, WhatsAppFailureResponse)
    }).annotate(OpenApi.Description, "Logs out and deletes the session with all its stored data. Needs `manage`.")
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Sessions")
{}
