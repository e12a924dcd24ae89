import { WaSimError } from "@wagate/wa-sim"

/** The WaSimError a control call fails with; throws when it succeeds or fails otherwise. */
export const rejection = async (operation: Promise<unknown> | (() => unknown)): Promise<WaSimError> => {
  try {
    await (typeof operation === "function" ? operation() : operation)
  } catch (error) {
    if (error instanceof WaSimError) return error
    throw error
  }
  throw new Error("expected the control operation to be refused")
}
