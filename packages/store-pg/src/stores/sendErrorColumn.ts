import { SendError } from "@wagate/core"
import { Option, Schema } from "effect"

const decodeJson = Schema.decodeUnknownOption(Schema.fromJsonString(SendError))

/**
 * The `error` text column of `messages` as a `SendError`: stored as JSON (`{"code":…,"message":…}`). A value
 * written before errors had codes is plain text, read as `{code: "whatsapp_error", message: <text>}`.
 */
export const decodeSendError = (text: string | null): SendError | null =>
  text === null
    ? null
    : Option.getOrElse(decodeJson(text), (): SendError => ({ code: "whatsapp_error", message: text }))

export const encodeSendError = (error: SendError | null): string | null =>
  error === null ? null : JSON.stringify({ code: error.code, message: error.message })
