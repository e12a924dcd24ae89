import { Schema } from "effect"

// Examples annotate the string before its checks and brand, so they are plain strings. Branded schemas carry no
// description of their own: each field that uses one describes it, and two descriptions would collide in the
// OpenAPI document. The `u` flag on a pattern lets it appear there as a JSON Schema `pattern`.

/** A session id: 1 to 64 of `A-Z a-z 0-9 _ -`; unique across the gateway. */
export const SessionId = Schema.String.annotate({ examples: ["alice"] }).pipe(
  Schema.check(Schema.isPattern(/^[A-Za-z0-9_-]{1,64}$/u, { message: "must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -" })),
  Schema.brand("SessionId")
)
export type SessionId = typeof SessionId.Type

/** An organisation (tenant) id, as named by an api key or a token claim. */
export const OrgId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[^\s\u0000-\u001f]{1,128}$/u, { message: "must be 1 to 128 printable characters without spaces" })),
  Schema.brand("OrgId")
)
export type OrgId = typeof OrgId.Type

/** The id wagate gives a message it sends (a ULID). */
export const MessageId = Schema.String.annotate({ examples: ["01M8RC1SNM88894TSGW88DJHHG"] }).pipe(Schema.check(Schema.isMinLength(1)), Schema.brand("MessageId"))
export type MessageId = typeof MessageId.Type

/** The id WhatsApp gives a message on the wire. */
export const WaMessageId = Schema.String.pipe(Schema.check(Schema.isMinLength(1)), Schema.brand("WaMessageId"))
export type WaMessageId = typeof WaMessageId.Type

/** The id of an api key record (not the key itself). */
export const ApiKeyId = Schema.String.annotate({ examples: ["01M8RC1V69TWPNB48V344S8J29"] }).pipe(Schema.check(Schema.isMinLength(1)), Schema.brand("ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

/** An ISO-8601 UTC timestamp, e.g. `2026-11-22T10:00:00.000Z`. */
export const Timestamp = Schema.String.annotate({ format: "date-time", examples: ["2026-11-22T10:00:00.000Z"] }).pipe(
  Schema.brand("Timestamp")
)
export type Timestamp = typeof Timestamp.Type
