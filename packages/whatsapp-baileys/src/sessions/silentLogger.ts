import type { BaileysLogger } from "../BaileysOptions.ts"

/** A Baileys logger that says nothing (the default: Baileys logs protocol detail, keys included at `trace`). */
export const silentLogger: BaileysLogger = {
  level: "silent",
  child: () => silentLogger,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {}
}
