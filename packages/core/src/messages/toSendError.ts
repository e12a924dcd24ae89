import type { SendError } from "../domain/SendError.ts"
import type { GroupCallError } from "../ports/WhatsAppPort.ts"

/** What a failed send records: the domain failure WhatsApp's call met, as a `SendError` code and message. */
export const toSendError = (error: GroupCallError): SendError => {
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
    case "WhatsAppFailure":
      return { code: "whatsapp_error", message: error.message }
  }
}
