import { Schema } from "effect"
import { MessageId, SessionId } from "../domain/Ids.ts"

/** An `Idempotency-Key`: 1 to 255 printable ASCII characters. */
export const IdempotencyKey = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[\x21-\x7e][\x20-\x7e]{0,254}$/, { message: "must be 1 to 255 printable characters" }))
)

export const MessageRef = Schema.Struct({ sessionId: SessionId, messageId: MessageId })

export interface SendOptions {
  /** The caller's `Idempotency-Key`, if any. */
  readonly idempotencyKey?: string | undefined
  /** Queue and answer at once instead of waiting for WhatsApp (`?async=true`). */
  readonly async?: boolean | undefined
}

/** What a send answered: `replayed` when an idempotency key returned an earlier request's message. */
export interface SendOutcome<A> {
  readonly result: A
  /** Whether the (original) request was asynchronous. */
  readonly async: boolean
  /** Answered as accepted (202) rather than done (200): asynchronous, or the message is still queued. */
  readonly accepted: boolean
  readonly replayed: boolean
}
