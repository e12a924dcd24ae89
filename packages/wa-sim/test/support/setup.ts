/**
 * libsignal (inside Baileys, on both the clients' and the simulator's side) prints whole session records,
 * private ratchet keys included, with `console.info`/`console.warn` when it opens or closes a session. Those
 * lines are dropped from test output; everything else passes.
 */
import { dropLibsignalLogs } from "../../src/support/libsignalLogs.ts"

dropLibsignalLogs()
