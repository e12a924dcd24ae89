import { Schema } from "effect"

/**
 * Domain errors. None of them knows HTTP: the gateway maps each to a status and an error code.
 */

/** Input was malformed; `details` maps each offending field (a dotted path) to what is wrong with it. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  message: Schema.String,
  details: Schema.Record(Schema.String, Schema.String)
}) {}

/** The thing asked for does not exist, or belongs to another organisation. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  resource: Schema.Literals(["session", "group", "message", "community", "invite", "api_key", "member", "webhook"]),
  id: Schema.String
}) {
  override get message() {
    return `${this.resource.replace("_", " ")} not found: ${this.id}`
  }
}

/** The caller lacks a capability the action needs. */
export class MissingCapability extends Schema.TaggedError<MissingCapability>()("MissingCapability", {
  capability: Schema.Literals(["read", "send", "manage"])
}) {
  override get message() {
    return `this action needs the "${this.capability}" capability`
  }
}

/** The session's account is not an admin of the group, and the action needs one. */
export class NotGroupAdmin extends Schema.TaggedError<NotGroupAdmin>()("NotGroupAdmin", {
  groupJid: Schema.String
}) {
  override get message() {
    return `the session's account is not an admin of ${this.groupJid}`
  }
}

/** The session is not a participant of the group (it left, was removed, or never joined). */
export class NotGroupMember extends Schema.TaggedError<NotGroupMember>()("NotGroupMember", {
  groupJid: Schema.String
}) {
  override get message() {
    return `the session's account is not a participant of ${this.groupJid}`
  }
}

/** A message's recipient has no WhatsApp account: WhatsApp will never deliver to it. */
export class NotOnWhatsApp extends Schema.TaggedError<NotOnWhatsApp>()("NotOnWhatsApp", {
  jid: Schema.String
}) {
  override get message() {
    return `${this.jid} is not on WhatsApp`
  }
}

/** A live action needs a connected session. */
export class SessionNotConnected extends Schema.TaggedError<SessionNotConnected>()("SessionNotConnected", {
  sessionId: Schema.String,
  status: Schema.String,
  /** Why, when the transport knows more than the status (e.g. another gateway process owns the connections). */
  reason: Schema.optional(Schema.String)
}) {
  override get message() {
    const why = this.reason === undefined ? "" : `: ${this.reason}`
    return `session ${this.sessionId} is not connected (status: ${this.status})${why}`
  }
}

/** A feature the contract names but this version does not build. */
export class NotImplemented extends Schema.TaggedError<NotImplemented>()("NotImplemented", {
  message: Schema.String
}) {}

/** Over the per-session send rate; retry after the given number of seconds. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterSeconds: Schema.Int
}) {
  override get message() {
    return `send rate exceeded; retry after ${this.retryAfterSeconds}s`
  }
}

/** The request clashes with existing state: a taken id, or an idempotency key reused with another body. */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  reason: Schema.Literals(["session_id_taken", "idempotency_key_reused", "already_connected"]),
  message: Schema.String
}) {}

/** The store cannot be reached; the caller may retry after the given number of seconds. */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  message: Schema.String,
  retryAfterSeconds: Schema.Int
}) {}

/** The bearer token is missing, malformed, expired or cannot be verified. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  reason: Schema.Literals(["missing", "malformed", "expired", "not_yet_valid", "invalid", "unknown_key", "revoked"]),
  message: Schema.String
}) {}

/** The token issuer's keys cannot be fetched right now (api keys keep working). */
export class AuthUnavailable extends Schema.TaggedError<AuthUnavailable>()("AuthUnavailable", {
  message: Schema.String,
  retryAfterSeconds: Schema.Int
}) {}

/** WhatsApp refused or failed an action for a reason that is not the caller's input. */
export class WhatsAppFailure extends Schema.TaggedError<WhatsAppFailure>()("WhatsAppFailure", {
  message: Schema.String,
  /** The same call may succeed later (a timeout, `rate-overlimit`, a socket lost mid-call): the outbox retries it. */
  retryable: Schema.optional(Schema.Boolean)
}) {}

/** WhatsApp refused a change to one participant that the action names (removing the group's creator, say). */
export class ParticipantRefused extends Schema.TaggedError<ParticipantRefused>()("ParticipantRefused", {
  jid: Schema.String
}) {
  override get message() {
    return `WhatsApp refused the change for ${this.jid}`
  }
}

/** A group addressed as a community is a plain group (or an announcement group), not a community. */
export class NotACommunity extends Schema.TaggedError<NotACommunity>()("NotACommunity", {
  groupJid: Schema.String
}) {
  override get message() {
    return `${this.groupJid} is not a community`
  }
}

/** An invite code that WhatsApp does not know (invalid, revoked or expired). */
export class InviteInvalid extends Schema.TaggedError<InviteInvalid>()("InviteInvalid", {
  code: Schema.String
}) {
  override get message() {
    return `invite ${this.code} is invalid, revoked or expired`
  }
}
