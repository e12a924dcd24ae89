/**
 * The cluster project's setup: the protocol simulator runs in the test process, and libsignal (inside Baileys, on
 * the simulator's side) prints whole session records, private ratchet keys included, with `console.info` and
 * `console.warn` when it opens or closes a session. Those lines are dropped from test output (as the wa-sim
 * project's setup does); everything else passes.
 */
const LIBSIGNAL = /^(Closing session|Opening session|Closing open session|Removing old closed session|Session already|Decrypted message with closed session)/

for (const level of ["info", "warn", "log"] as const) {
  const original = console[level].bind(console)
  console[level] = (...args: Array<unknown>) => {
    if (typeof args[0] === "string" && LIBSIGNAL.test(args[0])) return
    original(...args)
  }
}
