import { type AuthenticationState, initAuthCreds } from "@whiskeysockets/baileys"
import { memoryKeyStore } from "../../src/signal/memoryKeyStore.ts"

/**
 * A client's credentials and Signal keys in memory, as a gateway's store would keep them (the same in-memory
 * key store the simulator's played phones use). Baileys updates `creds` in place on `creds.update`, so the same
 * object carries the pairing over to the next socket.
 */
export const memoryAuth = (): AuthenticationState => ({ creds: initAuthCreds(), keys: memoryKeyStore() })
