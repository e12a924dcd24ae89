import type { Log } from "../Log.ts"
import type { addTransactionCapability } from "../protocol/baileys.ts"

/** The logger Baileys' Signal code takes (not exported by name). */
export type BaileysLogger = Parameters<typeof addTransactionCapability>[1]

const messageOf = (first: unknown, second: string | undefined): string =>
  second ?? (typeof first === "string" ? first : "signal")

const errorOf = (value: unknown): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const error = "err" in value ? value.err : "error" in value ? value.error : undefined
  return error instanceof Error ? error.message : undefined
}

/**
 * Baileys' Signal code logging into the simulator's `Log`: warnings and errors as `warn`, the rest as `debug`.
 * Only the message and an error's text pass, never the objects Baileys logs (they may hold key material).
 */
export const baileysLogger = (log: Log): BaileysLogger => {
  const logger: BaileysLogger = {
    level: "debug",
    child: () => logger,
    trace: () => {},
    debug: (obj, msg) => log("debug", messageOf(obj, msg)),
    info: (obj, msg) => log("debug", messageOf(obj, msg)),
    warn: (obj, msg) => log("warn", messageOf(obj, msg), { error: errorOf(obj) }),
    error: (obj, msg) => log("warn", messageOf(obj, msg), { error: errorOf(obj) })
  }
  return logger
}
