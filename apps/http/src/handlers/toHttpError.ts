import type {
  AuthUnavailable,
  Conflict as CoreConflict,
  InviteInvalid,
  MissingCapability,
  NotFound as CoreNotFound,
  NotGroupAdmin,
  NotGroupMember,
  NotImplemented as CoreNotImplemented,
  RateLimited as CoreRateLimited,
  SessionNotConnected,
  StoreUnavailable,
  Unauthorized as CoreUnauthorized,
  ValidationError,
  WhatsAppFailure
} from "@wagate/core"
import type { CoreServices, Principal, SendRateLimiter, StorePorts, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { CurrentPrincipal } from "../api/Authentication.ts"
import {
  BadRequest,
  Conflict,
  Forbidden,
  type HttpError,
  NotFound,
  NotImplemented,
  RateLimited,
  Unauthorized,
  Unavailable,
  WhatsAppError
} from "../api/errors.ts"

/** Every error a use-case can fail with. */
export type DomainError =
  | ValidationError
  | MissingCapability
  | NotGroupAdmin
  | NotGroupMember
  | CoreNotFound
  | SessionNotConnected
  | CoreNotImplemented
  | CoreRateLimited
  | CoreConflict
  | StoreUnavailable
  | CoreUnauthorized
  | AuthUnavailable
  | WhatsAppFailure
  | InviteInvalid

/** The envelope's body: `details` always present, as the contract shows it. */
const body = <C extends string>(code: C, message: string, details: Record<string, unknown> = {}) => ({
  error: { code, message, details }
})

/** The one place a domain error becomes a status and an error code. */
export const toHttpError = (error: DomainError): HttpError => {
  switch (error._tag) {
    case "ValidationError":
      return new BadRequest(body("validation_error", error.message, error.details))
    case "InviteInvalid":
      return new BadRequest(body("validation_error", "invalid invite", { invite: error.message }))
    case "MissingCapability":
      return new Forbidden(body("forbidden", error.message, { capability: error.capability }))
    case "NotGroupAdmin":
      return new Forbidden(body("forbidden", error.message, { groupJid: error.groupJid, reason: "not_admin" }))
    case "NotGroupMember":
      return new Forbidden(body("forbidden", error.message, { groupJid: error.groupJid, reason: "not_member" }))
    case "NotFound":
      return new NotFound(body("not_found", error.message, { resource: error.resource }))
    case "Conflict":
      return new Conflict(body("conflict", error.message, { reason: error.reason }))
    case "RateLimited":
      return new RateLimited(body("rate_limited", error.message, { retryAfterSeconds: error.retryAfterSeconds }))
    case "SessionNotConnected":
      return new NotImplemented(body("not_implemented", error.message, { sessionStatus: error.status }))
    case "NotImplemented":
      return new NotImplemented(body("not_implemented", error.message))
    case "StoreUnavailable":
      return new Unavailable(body("unavailable", "the store is unavailable; retry later", { retryAfterSeconds: error.retryAfterSeconds }))
    case "AuthUnavailable":
      return new Unavailable(body("unavailable", error.message, { retryAfterSeconds: error.retryAfterSeconds }))
    case "Unauthorized":
      return new Unauthorized(body("unauthorized", error.message, { reason: error.reason }))
    case "WhatsAppFailure":
      return new WhatsAppError(body("whatsapp_error", error.message))
  }
}

/** The HTTP error each domain error becomes, as a type, so a handler's errors are exactly those its use-case has. */
export type HttpErrorOf<E> = E extends ValidationError | InviteInvalid ? BadRequest
  : E extends MissingCapability | NotGroupAdmin | NotGroupMember ? Forbidden
  : E extends CoreNotFound ? NotFound
  : E extends CoreConflict ? Conflict
  : E extends CoreRateLimited ? RateLimited
  : E extends SessionNotConnected | CoreNotImplemented ? NotImplemented
  : E extends StoreUnavailable | AuthUnavailable ? Unavailable
  : E extends CoreUnauthorized ? Unauthorized
  : E extends WhatsAppFailure ? WhatsAppError
  : never

/** Runs a use-case for a handler: its domain errors become the HTTP errors the endpoint declares. */
export const http = <A, E extends DomainError, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, HttpErrorOf<E>, R> =>
  // `toHttpError` maps each tag as `HttpErrorOf` says; TypeScript cannot follow a switch through a conditional type.
  Effect.mapError(effect, (error) => toHttpError(error) as HttpErrorOf<E>)

/** A handler body: the use-case called as the authenticated caller, with its errors made HTTP errors. */
export const asCaller = <A, E extends DomainError, R>(useCase: (principal: Principal) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const principal = yield* CurrentPrincipal
    return yield* http(useCase(principal))
  })

/** The services use-cases run on: the hexagon's ports. */
export type HexagonServices = WhatsAppPort | StorePorts | CoreServices | SendRateLimiter

/**
 * Built once with the handlers: runs a use-case as the caller, on the ports captured when the routes were built
 * (so no request rebuilds or looks up a layer).
 */
export const makeRunner = <S = never>() =>
  Effect.map(
    Effect.context<HexagonServices | S>(),
    (context) =>
    <A, E extends DomainError, R extends HexagonServices | S>(useCase: (principal: Principal) => Effect.Effect<A, E, R>) =>
      asCaller(useCase).pipe(Effect.provide(context))
  )
