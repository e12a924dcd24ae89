import { assert, describe, it } from "@effect/vitest"
import {
  AuthUnavailable,
  Conflict,
  getSession,
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
import * as Domain from "../../src/api/errors/domainErrors.ts"
import { errorsOf, type ErrorsOf, type Exactly } from "../../src/api/errors/errorsOf.ts"
import * as Gateway from "../../src/api/errors/gatewayErrors.ts"
import { errorResponse } from "../../src/api/errors/wireError.ts"

/** Each error with its wire form, and what must be on the wire for it. */
const cases = [
  [Domain.ValidationErrorResponse, new ValidationError({ message: "invalid name", details: { name: "must not be empty" } }), 400, "validation_error"],
  [Domain.UnauthorizedResponse, new Unauthorized({ reason: "expired", message: "the token has expired" }), 401, "unauthorized"],
  [Domain.MissingCapabilityResponse, new MissingCapability({ capability: "send" }), 403, "forbidden"],
  [Domain.NotGroupAdminResponse, new NotGroupAdmin({ groupJid: "1@g.us" }), 403, "forbidden"],
  [Domain.NotGroupMemberResponse, new NotGroupMember({ groupJid: "1@g.us" }), 403, "forbidden"],
  [Domain.ParticipantRefusedResponse, new ParticipantRefused({ jid: "6281234567890@s.whatsapp.net" }), 403, "forbidden"],
  [Domain.NotFoundResponse, new NotFound({ resource: "group", id: "1@g.us" }), 404, "not_found"],
  [Domain.ConflictResponse, new Conflict({ reason: "session_id_taken", message: "session id s is taken" }), 409, "conflict"],
  [Domain.RateLimitedResponse, new RateLimited({ retryAfterSeconds: 4 }), 429, "rate_limited"],
  [Domain.SessionNotConnectedResponse, new SessionNotConnected({ sessionId: "s", status: "disconnected" }), 501, "not_implemented"],
  [Domain.NotImplementedResponse, new NotImplemented({ message: "sending image messages is not implemented yet" }), 501, "not_implemented"],
  [Domain.WhatsAppFailureResponse, new WhatsAppFailure({ message: "WhatsApp said no" }), 502, "whatsapp_error"],
  [Domain.AuthUnavailableResponse, new AuthUnavailable({ message: "the JWKS is unreachable", retryAfterSeconds: 5 }), 503, "unavailable"],
  [Gateway.PayloadTooLargeResponse, new Gateway.PayloadTooLarge({ maxBytes: 1024 }), 413, "payload_too_large"],
  [Gateway.InternalErrorResponse, Gateway.InternalError.forRequest("req-1"), 500, "internal"]
] as const

const bodyOf = (response: ReturnType<typeof errorResponse>): unknown =>
  response.body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(response.body.body)) : undefined

describe("wire forms of errors", () => {
  it("each error is its envelope with its status, and decodes back into the same class", () => {
    for (const [wire, error, status, code] of cases) {
      const response = errorResponse(wire, error as never)
      assert.strictEqual(response.status, status, error._tag)
      const body = bodyOf(response) as { error: { code: string; message: string; details: unknown } }
      assert.deepStrictEqual(Object.keys(body.error), ["code", "message", "details"], error._tag)
      assert.strictEqual(body.error.code, code, error._tag)
      const encoded = Schema.encodeUnknownSync(wire)(error)
      assert.deepStrictEqual(Schema.decodeUnknownSync(wire)(encoded), error, `${error._tag} round trip`)
    }
  })

  it("headers come from the error: Retry-After, WWW-Authenticate; the store's own message never shows", () => {
    assert.strictEqual(errorResponse(Domain.RateLimitedResponse, new RateLimited({ retryAfterSeconds: 4 })).headers["retry-after"], "4")
    assert.strictEqual(
      errorResponse(Domain.UnauthorizedResponse, new Unauthorized({ reason: "missing", message: "no token" })).headers["www-authenticate"],
      "Bearer"
    )
    const store = errorResponse(Domain.StoreUnavailableResponse, new StoreUnavailable({ message: "ECONNREFUSED 10.0.0.5:5432", retryAfterSeconds: 2 }))
    assert.strictEqual(store.headers["retry-after"], "2")
    assert.deepStrictEqual(bodyOf(store), {
      error: { code: "unavailable", message: "the store is unavailable; retry later", details: { retryAfterSeconds: 2 } }
    })
  })

  it("errors sharing a status are told apart when decoded", () => {
    const forbidden = Schema.Union([
      Domain.MissingCapabilityResponse,
      Domain.NotGroupAdminResponse,
      Domain.NotGroupMemberResponse,
      Domain.ParticipantRefusedResponse
    ])
    for (const error of [new NotGroupMember({ groupJid: "1@g.us" }), new ParticipantRefused({ jid: "6281234567890@s.whatsapp.net" })]) {
      assert.deepStrictEqual(Schema.decodeUnknownSync(forbidden)(Schema.encodeUnknownSync(forbidden)(error)), error)
    }
    const unavailable = Schema.Union([Domain.AuthUnavailableResponse, Domain.StoreUnavailableResponse])
    const issuer = new AuthUnavailable({ message: "down", retryAfterSeconds: 3 })
    assert.deepStrictEqual(Schema.decodeUnknownSync(unavailable)(Schema.encodeUnknownSync(unavailable)(issuer)), issuer)
    const notImplemented = Schema.Union([Domain.NotImplementedResponse, Domain.SessionNotConnectedResponse])
    const offline = new SessionNotConnected({ sessionId: "s", status: "connecting" })
    assert.deepStrictEqual(Schema.decodeUnknownSync(notImplemented)(Schema.encodeUnknownSync(notImplemented)(offline)), offline)
  })
})

// Type-level: this file does not compile when the declarations stop being checked.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
const holds = <T extends true>(_proof?: T) => undefined
/** What `errorsOf<typeof getSession>()(...schemas)` finds wrong with `schemas`: `unknown` when nothing. */
type GetSessionGap<Schemas extends ReadonlyArray<Schema.Top>> = Exactly<ErrorsOf<typeof getSession>, Schemas>
export const declarations = [
  errorsOf<typeof getSession>()(Domain.MissingCapabilityResponse, Domain.NotFoundResponse),
  // getSession can fail with NotFound: leaving it out is a gap (the call does not compile).
  holds<Equal<GetSessionGap<[typeof Domain.MissingCapabilityResponse]>, unknown> extends false ? true : false>(),
  // getSession is never rate limited: declaring it is a gap too.
  holds<
    Equal<
      GetSessionGap<[typeof Domain.MissingCapabilityResponse, typeof Domain.NotFoundResponse, typeof Domain.RateLimitedResponse]>,
      unknown
    > extends false ? true : false
  >(),
  // The exact declaration has none.
  holds<Equal<GetSessionGap<[typeof Domain.MissingCapabilityResponse, typeof Domain.NotFoundResponse]>, unknown>>()
]
