import { type Json, type Route, targetOf } from "../control/routes.ts"
import { WaSimError } from "../errors.ts"
import type { FaultControl } from "./control.ts"

const numeric = (json: Json, field: string): number | undefined => {
  const value = json[field]
  if (value === undefined || typeof value === "number") return value
  throw new WaSimError("validation_error", `invalid ${field}`, { [field]: "must be a number" })
}

/**
 * The fault tools over HTTP: `POST /control/fault` (put one in force), `GET /control/faults`, `POST
 * /control/clear-faults` (`{id}` for one, `{}` for all).
 */
export const faultRoutes = (control: FaultControl): Record<string, Route> => ({
  fault: {
    fields: ["jid", "sessionId", "on", "effect", "xmlns", "tag", "delayMs", "times", "probability", "seed"],
    structured: ["delayMs", "times", "probability", "seed"],
    run: (body, json) =>
      control.addFault({
        ...targetOf(body),
        on: body["on"] ?? "",
        effect: body["effect"] ?? "",
        xmlns: body["xmlns"],
        tag: body["tag"],
        delayMs: numeric(json, "delayMs"),
        times: numeric(json, "times"),
        probability: numeric(json, "probability"),
        seed: numeric(json, "seed")
      })
  },
  faults: { method: "GET", fields: [], run: () => ({ faults: control.faults() }) },
  "clear-faults": { fields: ["id"], run: (body) => control.clearFaults({ id: body["id"] }) }
})
