import type { SendError } from "../domain/SendError.ts"
import type { SendCallError } from "../ports/WhatsAppPort.ts"

/** What a failed send records: the domain failure WhatsApp's call met, as a `SendError` code and message. */
export const toSendError = (error: SendCallError): SendError => {
  switch (error._tag) {
    case "SessionNotConnected":
      return {
        code: error.status === "logged_out" ? "session_logged_out" : "session_not_connected",
        message: error.message
      }
    case "NotGroupMember":
      return { code: "not_group_member", message: error.message }
    case "NotGroupAdmin":
      return { code: "not_group_admin", message: error.message }
    case "NotFound":
      return { code: "not_found", message: error.message }
    case "NotOnWhatsApp":
      return { code: "not_on_whatsapp", message: error.message }
    case "WhatsAppFailure":
      return { code: "whatsapp_error", message: error.message }
  }
}

/**
 * Whether a failed send may succeed if tried again with the same WhatsApp id: the session is not connected (but
 * not logged out), or WhatsApp says so (`retryable`: a timeout, `rate-overlimit`, a socket lost mid-send).
 * Everything else (logged out, not a member or admin, an unknown group or number, a refusal) fails for good.
 */
export const isTransient = (error: SendCallError): boolean => {
  switch (error._tag) {
    case "SessionNotConnected":
      return error.status !== "logged_out"
    case "WhatsAppFailure":
      return error.retryable === true
    case "NotGroupMember":
    case "NotGroupAdmin":
    case "NotFound":
    case "NotOnWhatsApp":
      return false
  }
}
