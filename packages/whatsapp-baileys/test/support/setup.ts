/**
 * libsignal (inside Baileys, on both the clients' and the simulator's side) prints whole session records,
 * private ratchet keys included, when it opens or closes a session: the tests drop those lines as the adapter
 * does, before any client or simulator exists.
 */
import { muteLibsignal } from "../../src/sessions/muteLibsignal.ts"

muteLibsignal()
