import { AuthStateStore, type GroupStore, type InboundChange, type SessionId, type SessionStore } from "@wagate/core"
import { WA_CERT_DETAILS } from "@whiskeysockets/baileys"
import { Effect, FiberSet, Queue, Semaphore } from "effect"
import { type BaileysOptions, WHATSAPP_WEB_URL } from "../BaileysOptions.ts"
import { silentLogger } from "./silentLogger.ts"
import { muteLibsignal } from "./muteLibsignal.ts"
import { keepSignalJobContexts } from "./keepSignalJobContexts.ts"
import { rememberVerifiedSignatures } from "./rememberVerifiedSignatures.ts"
import { makeSessionConnection, type SessionConnection } from "./SessionConnection.ts"
import { storeAddressing } from "./storeAddressing.ts"
import { storeGroupMetadata } from "./storeGroupMetadata.ts"

/**
 * Owns the process's session connections: at most one per session id, made on first use and stopped with the
 * layer's scope. `changes` carries what every connection pushes (ADR 0025).
 */
export const makeSessionManager = Effect.fn("Baileys.SessionManager")(function*(options: BaileysOptions) {
  if (options.certRootPublicKey !== undefined) {
    if (options.socketUrl === undefined) {
      return yield* Effect.die(new Error("a certificate root (WAGATE_WA_CERT_ROOT) is for simulators only: set the socket URL (WAGATE_WA_URL) too"))
    }
    // Baileys pins the root process-wide; a simulator signs its own chain.
    WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(options.certRootPublicKey, "base64")
    yield* Effect.logWarning("trusting a non-WhatsApp certificate root (a simulator)", { socketUrl: options.socketUrl })
  }
  muteLibsignal()
  rememberVerifiedSignatures()
  keepSignalJobContexts()
  const services = yield* Effect.context<AuthStateStore | GroupStore | SessionStore>()
  const changes = yield* Queue.unbounded<InboundChange>()
  const startPermits = yield* Semaphore.make(Math.max(1, options.startConcurrency ?? 8))
  const connections = new Map<SessionId, SessionConnection>()
  // Every connection's fibers (opening sockets, backoff sleeps, QR expiries) belong to the layer's scope: closing it
  // interrupts them, so nothing reconnects after the transport is gone.
  const fibers = yield* FiberSet.make<unknown, unknown>()
  const run = yield* FiberSet.runtime(fibers)<AuthStateStore | GroupStore | SessionStore>()

  const env = {
    socketUrl: options.socketUrl ?? WHATSAPP_WEB_URL,
    logger: options.logger ?? silentLogger,
    startPermits,
    reconnect: {
      initialDelayMs: options.reconnect?.initialDelayMs ?? 1_000,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 60_000,
      disconnectedAfterAttempts: Math.max(1, options.reconnect?.disconnectedAfterAttempts ?? 10)
    },
    queryTimeoutMs: options.queryTimeoutMs ?? 20_000,
    emit: (change: InboundChange) => void Queue.offerUnsafe(changes, change),
    run,
    cachedGroupMetadata: storeGroupMetadata(services),
    services
  }

  const get = (sessionId: SessionId): SessionConnection => {
    const existing = connections.get(sessionId)
    if (existing !== undefined) return existing
    const made = makeSessionConnection(sessionId, env)
    connections.set(sessionId, made)
    return made
  }

  yield* Effect.addFinalizer(() => Effect.forEach([...connections.values()], (c) => c.stop, { discard: true }))

  return {
    get,
    /** Forgets the session's connection after stopping it (`remove`). */
    forget: (sessionId: SessionId) => Effect.sync(() => connections.delete(sessionId)),
    /** A stored group's addressing (`lid` or `pn`), as the store lists the session's own account in it. */
    storedAddressing: storeAddressing(services),
    /** Hands a change to the core, as the sockets' events do. */
    emit: env.emit,
    /** Runs a write of the adapter's own state (a poll's secret) with the store the sessions use. */
    remember: <A>(write: Effect.Effect<A, never, AuthStateStore>) => Effect.provideContext(write, services),
    changes
  }
})
