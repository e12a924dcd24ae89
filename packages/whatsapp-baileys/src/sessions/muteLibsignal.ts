/**
 * libsignal (inside Baileys) prints whole session records, private ratchet keys included, with `console.log`,
 * `console.info` and `console.warn` when it opens or closes a session. Those lines are dropped process-wide
 * (once); everything else passes. Secrets must never reach logs. Baileys' own default logger is silenced as well.
 */
const LIBSIGNAL = /^(Closing session|Opening session|Closing open session|Removing old closed session|Session already|Decrypted message with closed session|Migrating session|V1 session storage migration)/

import baileysDefaultLogger from "@whiskeysockets/baileys/lib/Utils/logger.js"

let muted = false

export const muteLibsignal = (): void => {
  if (muted) return
  muted = true
  // Baileys' community calls log whole group nodes (members' phone numbers) at `info` through its module-level pino
  // logger, not the one a socket is given: silenced process-wide too.
  baileysDefaultLogger.level = "silent"
  for (const level of ["info", "warn", "log"] as const) {
    const original = console[level].bind(console)
    console[level] = (...args: Array<unknown>) => {
      if (typeof args[0] === "string" && LIBSIGNAL.test(args[0])) return
      original(...args)
    }
  }
}
