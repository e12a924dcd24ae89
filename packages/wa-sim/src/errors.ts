/** Why a control operation was refused, in the error vocabulary of the wagate HTTP contract. */
export type WaSimErrorCode = "validation_error" | "not_found" | "conflict"

/** A control operation the simulator refuses; `details` names the offending input where there is one. */
export class WaSimError extends Error {
  override readonly name = "WaSimError"
  readonly code: WaSimErrorCode
  readonly details: Record<string, string>
  constructor(code: WaSimErrorCode, message: string, details: Record<string, string> = {}) {
    super(message)
    this.code = code
    this.details = details
  }
}
