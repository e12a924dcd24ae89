import { type Json, type Route, targetOf } from "../control/routes.ts"
import { WaSimError } from "../errors.ts"
import type { MessageControl } from "./control.ts"
import { parseOutgoing } from "./controlInput.ts"

const booleanOf = (json: Json, field: string): boolean | undefined => {
  const value = json[field]
  if (value === undefined || typeof value === "boolean") return value
  throw new WaSimError("validation_error", `invalid ${field}`, { [field]: "must be true or false" })
}

const idsOf = (json: Json): ReadonlyArray<string> | undefined => {
  const value = json["ids"]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || !value.every((id): id is string => typeof id === "string" && id.length > 0)) {
    throw new WaSimError("validation_error", "invalid ids", { ids: "must be a list of message ids" })
  }
  return value
}

/**
 * The messages part of the control API over HTTP: `GET /control/messages?jid=…` (or `sessionId`), `GET
 * /control/submissions?jid=…`, `GET /control/refusals?jid=…`, `GET /control/chatstates?jid=…`, `GET /control/receipts?jid=…`, `POST /control/send`, `POST /control/receipt-settings`, `POST /control/read`.
 */
export const messageRoutes = (control: MessageControl): Record<string, Route> => ({
  messages: { method: "GET", fields: ["jid", "sessionId"], run: (body) => ({ messages: control.messages(targetOf(body)) }) },
  submissions: { method: "GET", fields: ["jid", "sessionId"], run: (body) => ({ submissions: control.submissions(targetOf(body)) }) },
  refusals: { method: "GET", fields: ["jid", "sessionId"], run: (body) => ({ refusals: control.refusals(targetOf(body)) }) },
  chatstates: { method: "GET", fields: ["jid", "sessionId"], run: (body) => ({ chatStates: control.chatStates(targetOf(body)) }) },
  receipts: { method: "GET", fields: ["jid", "sessionId"], run: (body) => ({ receipts: control.receipts(targetOf(body)) }) },
  send: {
    fields: ["from", "to", "toSessionId", "group", "content"],
    structured: ["content"],
    run: (body, json) => {
      const from = body["from"]
      if (from === undefined) throw new WaSimError("validation_error", "invalid from", { from: "is required" })
      return control.send({ from, to: body["to"], toSessionId: body["toSessionId"], group: body["group"], content: parseOutgoing(json["content"]) })
    }
  },
  "receipt-settings": {
    fields: ["jid", "sessionId", "delivered", "read"],
    structured: ["delivered", "read"],
    run: (body, json) => control.setReceipts({ ...targetOf(body), delivered: booleanOf(json, "delivered"), read: booleanOf(json, "read") })
  },
  read: {
    fields: ["jid", "sessionId", "ids"],
    structured: ["ids"],
    run: (body, json) => control.read({ ...targetOf(body), ids: idsOf(json) })
  }
})
