import { Schema } from "effect"
import { SimulatorRefused } from "../../simulator/SimulatorControls.ts"
import { wireError } from "./wireError.ts"

/** The simulated world refused a `_simulator` control (e.g. a session it never linked): 409, as a state clash. */
export const SimulatorRefusedResponse = wireError(SimulatorRefused, {
  identifier: "SimulatorRefused",
  status: 409,
  code: "conflict",
  description: "The simulated WhatsApp refused the control (`details.reason`: `simulator_refused`); the message says why.",
  details: Schema.Struct({ reason: Schema.Literal("simulator_refused") }),
  toDetails: () => ({ reason: "simulator_refused" as const }),
  fromWire: ({ message }) => new SimulatorRefused({ message })
})
