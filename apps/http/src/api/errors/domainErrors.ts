import {
  AuthUnavailable,
  Capability,
  Conflict,
  MissingCapability,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  NotImplemented,
  ParticipantRefused,
  RateLimited,
  SessionNotConnected,
  StoreUnavailable,
  Unauthorized,
  ValidationError,
  WhatsAppFailure
} from "@wagate/core"
import { Schema } from "effect"
import { wireError, wireErrorWithHeaders } from "./wireError.ts"

/**
 * The wire form of each of the core's domain errors: the one place a domain error gets a status, an error code
 * and typed `details`. Endpoints declare the ones they can answer; the client decodes them back into the classes.
 * Errors sharing a status differ in a literal of `details` (`reason`, `capability`), so the client can tell them
 * apart.
 */

/** `Retry-After` in whole seconds. */
const seconds = (value: number): string => String(Math.max(0, Math.ceil(value)))

export const ValidationErrorResponse = wireError(ValidationError, {
  identifier: "ValidationError",
  status: 400,
  code: "validation_error",
  description: "Malformed body, field, JID or query; `details` maps each offending field (a dotted path) to what is wrong with it.",
  details: Schema.Record(Schema.String, Schema.String),
  toDetails: (error) => error.details,
  fromWire: ({ details, message }) => new ValidationError({ message, details })
})

export const UnauthorizedResponse = wireErrorWithHeaders(Unauthorized, {
  identifier: "Unauthorized",
  status: 401,
  code: "unauthorized",
  description: "No, malformed, expired or unverifiable bearer token; `WWW-Authenticate: Bearer`.",
  details: Schema.Struct({ reason: Unauthorized.fields.reason }),
  toDetails: (error) => ({ reason: error.reason }),
  fromWire: ({ details, message }) => new Unauthorized({ reason: details.reason, message }),
  headers: { "www-authenticate": () => "Bearer" }
})

export const MissingCapabilityResponse = wireError(MissingCapability, {
  identifier: "MissingCapability",
  status: 403,
  code: "forbidden",
  description: "The caller's token lacks the capability the action needs (`details.capability`).",
  details: Schema.Struct({ capability: Capability }),
  toDetails: (error) => ({ capability: error.capability }),
  fromWire: ({ details }) => new MissingCapability({ capability: details.capability })
})

export const NotGroupAdminResponse = wireError(NotGroupAdmin, {
  identifier: "NotGroupAdmin",
  status: 403,
  code: "forbidden",
  description: "The session's account is not an admin of the group, and the action needs one.",
  details: Schema.Struct({ groupJid: Schema.String, reason: Schema.Literal("not_admin") }),
  toDetails: (error) => ({ groupJid: error.groupJid, reason: "not_admin" as const }),
  fromWire: ({ details }) => new NotGroupAdmin({ groupJid: details.groupJid })
})

export const NotGroupMemberResponse = wireError(NotGroupMember, {
  identifier: "NotGroupMember",
  status: 403,
  code: "forbidden",
  description: "The session's account is not a participant of the group (it left, was removed, or never joined).",
  details: Schema.Struct({ groupJid: Schema.String, reason: Schema.Literal("not_member") }),
  toDetails: (error) => ({ groupJid: error.groupJid, reason: "not_member" as const }),
  fromWire: ({ details }) => new NotGroupMember({ groupJid: details.groupJid })
})

export const ParticipantRefusedResponse = wireError(ParticipantRefused, {
  identifier: "ParticipantRefused",
  status: 403,
  code: "forbidden",
  description: "WhatsApp refused the change for this participant (removing the group's creator, for one).",
  details: Schema.Struct({ jid: Schema.String, reason: Schema.Literal("refused") }),
  toDetails: (error) => ({ jid: error.jid, reason: "refused" as const }),
  fromWire: ({ details }) => new ParticipantRefused({ jid: details.jid })
})

export const NotFoundResponse = wireError(NotFound, {
  identifier: "NotFound",
  status: 404,
  code: "not_found",
  description: "The resource (`details.resource`) does not exist, or belongs to another organisation.",
  details: Schema.Struct({ resource: NotFound.fields.resource, id: Schema.String }),
  toDetails: (error) => ({ resource: error.resource, id: error.id }),
  fromWire: ({ details }) => new NotFound({ resource: details.resource, id: details.id })
})

export const ConflictResponse = wireError(Conflict, {
  identifier: "Conflict",
  status: 409,
  code: "conflict",
  description: "The request clashes with existing state (`details.reason`).",
  details: Schema.Struct({ reason: Conflict.fields.reason }),
  toDetails: (error) => ({ reason: error.reason }),
  fromWire: ({ details, message }) => new Conflict({ reason: details.reason, message })
})

export const RateLimitedResponse = wireErrorWithHeaders(RateLimited, {
  identifier: "RateLimited",
  status: 429,
  code: "rate_limited",
  description: "Over the per-session send rate; `Retry-After` says how many seconds to wait.",
  details: Schema.Struct({ retryAfterSeconds: Schema.Int }),
  toDetails: (error) => ({ retryAfterSeconds: error.retryAfterSeconds }),
  fromWire: ({ details }) => new RateLimited({ retryAfterSeconds: details.retryAfterSeconds }),
  headers: { "retry-after": (error) => seconds(error.retryAfterSeconds) }
})

export const SessionNotConnectedResponse = wireError(SessionNotConnected, {
  identifier: "SessionNotConnected",
  status: 501,
  code: "not_implemented",
  description: "A live action needs a connected session; `details.sessionStatus` is the session's status.",
  details: Schema.Struct({
    reason: Schema.Literal("session_not_connected"),
    sessionId: Schema.String,
    sessionStatus: Schema.String
  }),
  toDetails: (error) => ({ reason: "session_not_connected" as const, sessionId: error.sessionId, sessionStatus: error.status }),
  fromWire: ({ details }) => new SessionNotConnected({ sessionId: details.sessionId, status: details.sessionStatus })
})

export const NotImplementedResponse = wireError(NotImplemented, {
  identifier: "NotImplemented",
  status: 501,
  code: "not_implemented",
  description: "A feature the contract names that this version does not build.",
  details: Schema.Struct({ reason: Schema.Literal("not_built") }),
  toDetails: () => ({ reason: "not_built" as const }),
  fromWire: ({ message }) => new NotImplemented({ message })
})

export const WhatsAppFailureResponse = wireError(WhatsAppFailure, {
  identifier: "WhatsAppFailure",
  status: 502,
  code: "whatsapp_error",
  description: "WhatsApp refused or failed the action for a reason other than the request's input.",
  details: Schema.Struct({}),
  toDetails: () => ({}),
  fromWire: ({ message }) => new WhatsAppFailure({ message })
})

/** The store's own message may name hosts or SQL: callers get a fixed one. */
const storeUnavailableMessage = "the store is unavailable; retry later"

export const StoreUnavailableResponse = wireErrorWithHeaders(StoreUnavailable, {
  identifier: "StoreUnavailable",
  status: 503,
  code: "unavailable",
  description: "The store is unreachable; `Retry-After` says when to try again.",
  details: Schema.Struct({ retryAfterSeconds: Schema.Int }),
  message: () => storeUnavailableMessage,
  toDetails: (error) => ({ retryAfterSeconds: error.retryAfterSeconds }),
  fromWire: ({ details, message }) => new StoreUnavailable({ message, retryAfterSeconds: details.retryAfterSeconds }),
  headers: { "retry-after": (error) => seconds(error.retryAfterSeconds) }
})

export const AuthUnavailableResponse = wireErrorWithHeaders(AuthUnavailable, {
  identifier: "AuthUnavailable",
  status: 503,
  code: "unavailable",
  description: "The token issuer's keys cannot be fetched (api keys keep working); `Retry-After` says when to try again.",
  details: Schema.Struct({ retryAfterSeconds: Schema.Int, reason: Schema.Literal("token_issuer_unavailable") }),
  toDetails: (error) => ({ retryAfterSeconds: error.retryAfterSeconds, reason: "token_issuer_unavailable" as const }),
  fromWire: ({ details, message }) => new AuthUnavailable({ message, retryAfterSeconds: details.retryAfterSeconds }),
  headers: { "retry-after": (error) => seconds(error.retryAfterSeconds) }
})
