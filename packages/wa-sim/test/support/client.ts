import {
  type AuthenticationState,
  type ConnectionState,
  DisconnectReason,
  makeWASocket,
  type UserFacingSocketConfig,
  WA_CERT_DETAILS
} from "@whiskeysockets/baileys"
import type { WaSim } from "@wagate/wa-sim"
import { memoryAuth } from "./memoryAuth.ts"

type Update = Partial<ConnectionState>

/** A Baileys logger that says nothing (the client is the real one; only its output is muted). */
const silent = {
  level: "silent",
  child: () => silent,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {}
}

/** The unmodified Baileys client, told only where the server is and which root signs its certificate. */
export interface TestClient {
  readonly socket: ReturnType<typeof makeWASocket>
  readonly auth: AuthenticationState
  readonly updates: ReadonlyArray<Update>
  /** The first connection update (past or future) that matches; fails after the deadline. */
  readonly until: (label: string, matches: (update: Update) => boolean, timeoutMs?: number) => Promise<Update>
  /** The status code of the close, once closed. */
  readonly closed: (timeoutMs?: number) => Promise<number | undefined>
  readonly end: () => void
}

export const trustSimulator = (sim: WaSim): void => {
  WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(sim.rootPublicKey, "base64")
}

/** Socket options a test adds (`cachedGroupMetadata`, `shouldSyncHistoryMessage`…). */
export type ClientOptions = Omit<UserFacingSocketConfig, "auth" | "waWebSocketUrl">

export const connectClient = (sim: WaSim, auth: AuthenticationState = memoryAuth(), options: ClientOptions = {}): TestClient => {
  const updates: Array<Update> = []
  const listeners = new Set<() => void>()
  const socket = makeWASocket({
    logger: silent,
    markOnlineOnConnect: false,
    connectTimeoutMs: 10_000,
    ...options,
    waWebSocketUrl: sim.url,
    auth
  })
  socket.ev.on("connection.update", (update) => {
    updates.push(update)
    for (const listener of listeners) listener()
  })
  const until: TestClient["until"] = (label, matches, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = updates.find(matches)
        if (found === undefined) return
        cleanup()
        resolve(found)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no connection update "${label}" within ${timeoutMs} ms; saw ${JSON.stringify(updates.map(summary))}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        listeners.delete(check)
      }
      listeners.add(check)
      check()
    })
  return {
    socket,
    auth,
    updates,
    until,
    closed: async (timeoutMs) => statusOf(await until("close", (u) => u.connection === "close", timeoutMs)),
    end: () => socket.end(undefined)
  }
}

/** The Boom status code Baileys closed with. */
export const statusOf = (update: Update): number | undefined => {
  const error = update.lastDisconnect?.error
  return error !== undefined && "output" in error ? error.output.statusCode : undefined
}

const summary = (update: Update) => ({
  connection: update.connection,
  qr: update.qr === undefined ? undefined : "…",
  status: statusOf(update)
})

/**
 * Pairs a fresh client by QR as `sessionId`'s phone and reconnects it with its new credentials, as an app
 * does on `restartRequired`; resolves with the open client.
 */
export const pairClient = async (sim: WaSim, sessionId: string, options: ClientOptions = {}): Promise<TestClient> => {
  const fresh = connectClient(sim, memoryAuth(), options)
  const { qr } = await fresh.until("qr", (u) => typeof u.qr === "string")
  await sim.control.scan({ qr: qr!, sessionId })
  const status = await fresh.closed()
  if (status !== DisconnectReason.restartRequired) throw new Error(`pairing closed with ${status}, not 515`)
  const client = connectClient(sim, fresh.auth, options)
  await client.until("open", (u) => u.connection === "open")
  return client
}
