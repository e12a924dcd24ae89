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
import { reference } from "./reference/Reference.ts"
import * as Ref from "./reference/sessions.ts"

const session = { session: Schema.String }

export class SessionsApi extends HttpApiGroup.make("sessions")
  .add(
    HttpApiEndpoint.post("create", "/sessions", {
      payload: CreateSessionJson,
      success: SessionJson.pipe(HttpApiSchema.status(201)),
      error: errorsOf<typeof createSession>()(MissingCapabilityResponse, ConflictResponse)
    }).annotateMerge(reference(Ref.createSession)),
    HttpApiEndpoint.get("list", "/sessions", {
      query: PageQuery,
      success: ListOf(SessionJson, "SessionList"),
      error: errorsOf<typeof listSessions>()(MissingCapabilityResponse)
    }).annotateMerge(reference(Ref.listSessions)),
    HttpApiEndpoint.get("get", "/sessions/:session", {
      params: session,
      success: SessionJson,
      error: errorsOf<typeof getSession>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.getSession)),
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
    }).annotateMerge(reference(Ref.sessionQr)),
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
    }).annotateMerge(reference(Ref.pairingCode)),
    HttpApiEndpoint.post("logout", "/sessions/:session::logout", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof logoutSession>()(MissingCapabilityResponse, NotFoundResponse, WhatsAppFailureResponse)
    }).annotateMerge(reference(Ref.logoutSession)),
    HttpApiEndpoint.delete("delete", "/sessions/:session", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof deleteSession>()(MissingCapabilityResponse, NotFoundResponse, WhatsAppFailureResponse)
    }).annotateMerge(reference(Ref.deleteSession))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.sessionsTag)
  .annotate(OpenApi.Title, "Sessions")
{}
