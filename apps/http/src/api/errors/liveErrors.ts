import {
  MissingCapabilityResponse,
  NotFoundResponse,
  NotGroupAdminResponse,
  NotGroupMemberResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
} from "./domainErrors.ts"

/** The errors of a live action on a session: the caller's capability, the session, its connection, WhatsApp. */
export const liveSessionErrors = [
  MissingCapabilityResponse,
  NotFoundResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
] as const

/** The errors of a live action on a group: those of a session's, and the account's place in the group. */
export const liveGroupErrors = [
  MissingCapabilityResponse,
  NotGroupAdminResponse,
  NotGroupMemberResponse,
  NotFoundResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
] as const
