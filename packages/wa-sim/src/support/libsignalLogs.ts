/** What libsignal prints when it opens or closes a session: whole session records, private ratchet keys included. */
const LIBSIGNAL = /^(Closing session|Opening session|Closing open session|Removing old closed session|Session already|Decrypted message with closed session)/

/**
 * Drops libsignal's session dumps from this process's console (`info`, `warn`, `log`); everything else passes. For
 * a test process that runs the simulator (whose played phones use libsignal) in process.
 */
export const dropLibsignalLogs = (): void => {
  for (const level of ["info", "warn", "log"] as const) {
    const original = console[level].bind(console)
    console[level] = (...args: Array<unknown>) => {
      if (typeof args[0] === "string" && LIBSIGNAL.test(args[0])) return
      original(...args)
    }
  }
}
