import { type IdempotentOutcome, SendResult } from "@wagate/core"
import { Schema } from "effect"

/**
 * A completed key's `outcome` as stored. Outcomes written before SendResult had `waMessageId`, `attempts` and a
 * coded `error` lack the first two and carry the error as text; they stay readable (a replay must not fail).
 */
const StoredResult = Schema.Struct({
  ...SendResult.fields,
  waMessageId: Schema.optionalKey(SendResult.fields.waMessageId),
  attempts: Schema.optionalKey(SendResult.fields.attempts),
  error: Schema.optionalKey(Schema.Union([SendResult.fields.error, Schema.String]))
})

export const StoredOutcome = Schema.Struct({ result: StoredResult, async: Schema.Boolean })

/** The outcome as the domain knows it: a legacy one was a synchronous send, attempted once. */
export const toOutcome = (stored: typeof StoredOutcome.Type): IdempotentOutcome => {
  const { error, waMessageId, attempts, ...rest } = stored.result
  return {
    async: stored.async,
    result: {
      ...rest,
      waMessageId: waMessageId ?? null,
      attempts: attempts ?? 1,
      error: error === undefined ? null : typeof error === "string" ? { code: "whatsapp_error", message: error } : error
    }
  }
}
