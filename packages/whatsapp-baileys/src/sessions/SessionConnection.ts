import {
  AuthStateStore,
  type Connection,
  InboundChange,
  isLidJid,
  isPhoneJid,
  type LidJid,
  type PhoneJid,
  type QrCode,
  type SessionId,
  SessionNotConnected,
  type SessionStatus,
  UserJid,
  WhatsAppFailure
} from "@wagate/core"
import { type AuthenticationCreds, type BinaryNode, jidDecode, jidNormalizedUser, makeWASocket, type WASocket } from "@whiskeysockets/baileys"
import { Clock, type Context, Effect, type Fiber, Random, Semaphore } from "effect"
import type { BaileysLogger } from "../BaileysOptions.ts"
import { makeStoredAuthState } from "../auth/storeAuthState.ts"
import { statusCodeOf } from "../errors/toDomainError.ts"
import type { PhoneOf } from "../groups/toGroupInfo.ts"
import { toGroupInfo } from "../groups/toGroupInfo.ts"
import { communityLinkChanges } from "../inbound/communityLinks.ts"
import { inboundHandlers } from "../inbound/inboundChanges.ts"
import { ownAccountOf } from "../inbound/incomingMessages.ts"
import { voteChange } from "../inbound/pollVotes.ts"
import { backoffDelay, closeAction } from "./closeAction.ts"

/**
 * Whether the credentials belong to a linked device: WhatsApp gave it a device number (`<phone>:<device>@…`).
 * A pairing code request sets `me` to the bare number before any phone has linked the device.
 */
const isLinked = (creds: AuthenticationCreds): boolean =>
  creds.me !== undefined && jidDecode(creds.me.id)?.device !== undefined

/** What every connection of a manager shares. */
export interface ConnectionEnv {
  readonly socketUrl: string
  readonly logger: BaileysLogger
  readonly startPermits: Semaphore.Semaphore
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number; readonly disconnectedAfterAttempts: number }
  readonly queryTimeoutMs: number
  readonly emit: (change: InboundChange) => void
  /** Runs an effect in a fiber of the manager's scope (interrupted when the layer closes), with its context. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, AuthStateStore>) => Fiber.Fiber<A, E>
  /** Answers Baileys' `cachedGroupMetadata` for this session from the store. */
  readonly cachedGroupMetadata: (sessionId: SessionId) => (jid: string) => Promise<import("@whiskeysockets/baileys").GroupMetadata | undefined>
  readonly services: Context.Context<AuthStateStore>
}

/** How long `start` and `requestQr` wait for a new socket's first QR code. */
const QR_WAIT_MS = 20_000
/** WhatsApp shows a ref for about 20 s (the first for 60). */
const QR_TTL_MS = 20_000

/**
 * One session's connection: at most one Baileys socket, its status, its current QR code, and the reconnection
 * policy. The manager owns one per session in this process; a later cluster entity can own it instead (ADR 0025).
 */
export interface SessionConnection {
  readonly sessionId: SessionId
  readonly start: Effect.Effect<Connection, WhatsAppFailure>
  readonly connection: Effect.Effect<Connection>
  /** The open socket, for a live action. */
  readonly socket: Effect.Effect<WASocket, SessionNotConnected>
  readonly requestQr: Effect.Effect<QrCode, SessionNotConnected | WhatsAppFailure>
  readonly requestPairingCode: (phone: UserJid) => Effect.Effect<string, SessionNotConnected | WhatsAppFailure>
  /** Closes the socket and stops reconnecting; the credentials stay (a later `start` resumes). */
  readonly stop: Effect.Effect<void>
  /** As `stop`, but tells no status change: another owner is about to open the session (a hand-over). */
  readonly release: Effect.Effect<void>
  /** Unlinks the device (tells WhatsApp when connected), wipes the credentials: `logged_out`. */
  readonly logout: Effect.Effect<void, WhatsAppFailure>
  /** The phone JID behind a LID, where the connection knows it (its own account). */
  readonly phoneOf: PhoneOf
}

export const makeSessionConnection = (sessionId: SessionId, env: ConnectionEnv): SessionConnection => {
  const run = env.run
  let status: SessionStatus = "disconnected"
  let phoneJid: PhoneJid | null = null
  let lid: LidJid | null = null
  let qr: QrCode | null = null
  let socket: WASocket | null = null
  let open = false
  let attempts = 0
  let stopped = true
  /** The pending reconnection: a fiber sleeping out its backoff (on the Effect clock), then opening a socket. */
  let reconnecting: Fiber.Fiber<void> | undefined
  const cancelReconnect = () => {
    reconnecting?.interruptUnsafe()
    reconnecting = undefined
  }
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }

  const setStatus = (next: SessionStatus) => {
    if (next === status) return
    status = next
    env.emit(InboundChange.SessionStatusChanged({ sessionId, status, phoneJid, lid }))
    notify()
  }

  const phoneOf: PhoneOf = (other) => (lid !== null && other === lid && phoneJid !== null ? phoneJid : undefined)

  const syncGroups = (sock: WASocket) =>
    sock.groupFetchAllParticipating().then(
      (groups) => {
        for (const meta of Object.values(groups)) env.emit(InboundChange.GroupSeen({ sessionId, group: toGroupInfo(meta, phoneOf) }))
      },
      (error: unknown) => run(Effect.logWarning("group sync failed", { sessionId, error: String(error) }))
    )

  const scheduleReconnect = (immediately: boolean) => {
    if (stopped) return
    const attempt = attempts
    attempts += 1
    cancelReconnect()
    const fiber: Fiber.Fiber<void> = run(Effect.gen(function*() {
      const delay = immediately ? 0 : backoffDelay(attempt, env.reconnect.initialDelayMs, env.reconnect.maxDelayMs, yield* Random.next)
      yield* Effect.sleep(delay)
      if (reconnecting === fiber) reconnecting = undefined
      yield* openSocket
    }))
    reconnecting = fiber
  }

  /** Opens a socket (holding a start-up permit until it shows a QR, opens or closes). */
  const openSocket: Effect.Effect<void> = Effect.gen(function*() {
    if (stopped || socket !== null) return
    const auth = yield* makeStoredAuthState(sessionId, env.logger).pipe(
      Effect.provideContext(env.services),
      Effect.catch((error) => Effect.as(Effect.logWarning("auth state unavailable; retrying", { sessionId, error: error.message }), undefined))
    )
    if (auth === undefined) return scheduleReconnect(false)
    if (stopped || socket !== null) return
    const linked = isLinked(auth.state.creds)
    // A pairing code asked for but never entered leaves `me` without a device: Baileys would log in with it and
    // be refused (401, the credentials wiped). Such a session registers afresh instead (a new QR or code).
    if (!linked) delete auth.state.creds.me
    setStatus(linked ? "connecting" : "pairing")
    const sock = makeWASocket({
      waWebSocketUrl: env.socketUrl,
      auth: auth.state,
      logger: env.logger,
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      emitOwnEvents: false,
      defaultQueryTimeoutMs: env.queryTimeoutMs,
      cachedGroupMetadata: env.cachedGroupMetadata(sessionId)
    })
    socket = sock
    open = false
    const handlers = inboundHandlers(sessionId, env.emit, phoneOf, () => ownAccountOf(sock))
    sock.ev.on("groups.upsert", handlers["groups.upsert"])
    sock.ev.on("groups.update", handlers["groups.update"])
    sock.ev.on("group-participants.update", handlers["group-participants.update"])
    sock.ev.on("group.join-request", handlers["group.join-request"])
    sock.ev.on("messages.upsert", handlers["messages.upsert"])
    // Votes need the poll's secret from the store: read off the socket's event, in a fiber of the manager.
    sock.ev.on("messages.upsert", ({ messages }) => {
      for (const message of messages) {
        if (message.message?.pollUpdateMessage == null) continue
        run(Effect.flatMap(voteChange(sessionId, message, ownAccountOf(sock), phoneOf), (change) =>
          Effect.sync(() => {
            if (change !== undefined) env.emit(change)
          })))
      }
    })
    sock.ev.on("messages.update", handlers["messages.update"])
    sock.ev.on("message-receipt.update", handlers["message-receipt.update"])
    sock.ev.on("lid-mapping.update", handlers["lid-mapping.update"])
    sock.ev.on("creds.update", () => void run(auth.saveCreds))
    // Baileys does not surface community link/unlink notifications: read from the stanza.
    sock.ws.on("CB:notification,type:w:gp2", (node: BinaryNode) => {
      for (const change of communityLinkChanges(sessionId, node)) env.emit(change)
    })
    sock.ev.on("connection.update", (update) => {
      if (socket !== sock) return
      if (typeof update.qr === "string") {
        const code = update.qr
        // Its expiry on the Effect clock (one fiber of the manager's scope).
        run(Effect.map(Clock.currentTimeMillis, (now) => {
          if (socket !== sock || open) return
          qr = { qr: code, expiresAt: new Date(now + QR_TTL_MS).toISOString() }
          setStatus("pairing")
          notify()
        }))
      }
      if (update.connection === "open") {
        open = true
        attempts = 0
        qr = null
        const me = sock.authState.creds.me
        const jid = me === undefined ? null : jidNormalizedUser(me.id)
        phoneJid = jid !== null && isPhoneJid(jid) ? jid : phoneJid
        const ownLid = me?.lid === undefined ? null : jidNormalizedUser(me.lid)
        lid = ownLid !== null && isLidJid(ownLid) ? ownLid : lid
        setStatus("connected")
        void syncGroups(sock)
      }
      if (update.connection === "close") {
        socket = null
        open = false
        qr = null
        const action = closeAction(statusCodeOf(update.lastDisconnect?.error))
        if (stopped) return notify()
        switch (action) {
          case "logged_out":
            stopped = true
            run(Effect.gen(function*() {
              yield* Effect.ignore((yield* AuthStateStore).clear(sessionId))
              phoneJid = null
              lid = null
              setStatus("logged_out")
            }))
            return
          case "replaced":
            stopped = true
            run(Effect.logWarning("another connection took over this session's device; not reconnecting", { sessionId }))
            setStatus("disconnected")
            return
          case "restart":
            setStatus("connecting")
            // The next socket loads the credentials from the store, and the pairing's (`creds.update`) are still
            // being written on a fiber of their own: write the current ones after every pending write, then
            // reconnect. Loading first would find the unpaired ones and show a QR code again.
            run(Effect.andThen(auth.saveCreds, Effect.sync(() => scheduleReconnect(true))))
            return
          case "reconnect":
            setStatus(
              !isLinked(sock.authState.creds)
                ? "pairing"
                : attempts >= env.reconnect.disconnectedAfterAttempts
                ? "disconnected"
                : "connecting"
            )
            return scheduleReconnect(false)
        }
      }
    })
    // Bounded start-up: the permit is held until this socket shows a QR code, opens or closes (or 20 s pass).
    yield* waitFor(() => socket !== sock || open || qr !== null, QR_WAIT_MS)
  }).pipe(Semaphore.withPermit(env.startPermits))

  /** Waits until `ready()` holds (checked at every change), at most `ms` on the Effect clock. */
  const waitFor = (ready: () => boolean, ms: number): Effect.Effect<boolean> =>
    Effect.callback<boolean>((resume) => {
      if (ready()) return resume(Effect.succeed(true))
      const check = () => {
        if (!ready()) return
        listeners.delete(check)
        resume(Effect.succeed(true))
      }
      listeners.add(check)
      return Effect.sync(() => listeners.delete(check))
    }).pipe(Effect.timeoutOrElse({ duration: ms, orElse: () => Effect.succeed(false) }))

  const connection = Effect.sync((): Connection => ({ status, phoneJid, lid }))

  const start = Effect.gen(function*() {
    if (!stopped && (socket !== null || reconnecting !== undefined)) return yield* connection
    stopped = false
    attempts = 0
    run(openSocket)
    // A new session answers once it shows a QR code (`pairing`); a linked one at once (`connecting`).
    yield* waitFor(() => status !== "disconnected" && status !== "logged_out", QR_WAIT_MS)
    if (status === "pairing") yield* waitFor(() => qr !== null || status !== "pairing", QR_WAIT_MS)
    return yield* connection
  })

  const notConnected = () => new SessionNotConnected({ sessionId, status })

  const liveSocket = Effect.suspend(() =>
    socket !== null && open ? Effect.succeed(socket) : Effect.fail(notConnected())
  )

  const requestQr = Effect.gen(function*() {
    if (status === "connected" || status === "connecting") return yield* notConnected()
    if (stopped) yield* start
    const ready = yield* waitFor(() => qr !== null, QR_WAIT_MS)
    if (!ready || qr === null) return yield* new WhatsAppFailure({ message: "WhatsApp offered no QR code in time; retry" })
    return qr
  })

  const requestPairingCode = (phone: UserJid) =>
    Effect.gen(function*() {
      if (status === "connected" || status === "connecting") return yield* notConnected()
      if (stopped) yield* start
      yield* waitFor(() => qr !== null, QR_WAIT_MS)
      const sock = socket
      if (sock === null) return yield* notConnected()
      return yield* Effect.tryPromise({
        // Baileys answers the eight characters it chose; WhatsApp shows them as ABCD-EFGH.
        try: () => sock.requestPairingCode(phone.split("@")[0] ?? phone).then((code) => `${code.slice(0, 4)}-${code.slice(4)}`),
        catch: (error) => new WhatsAppFailure({ message: `WhatsApp refused a pairing code: ${String(error)}` })
      })
    })

  /** Closes the socket for good (until a `start`); `tell`: record the status change as a change of the session. */
  const close = (tell: boolean) =>
    Effect.sync(() => {
      stopped = true
      cancelReconnect()
      const sock = socket
      socket = null
      open = false
      qr = null
      if (!tell) status = "disconnected"
      sock?.end(undefined)
      setStatus("disconnected")
    })

  const logout = Effect.gen(function*() {
    const sock = socket
    const wasOpen = open
    stopped = true
    cancelReconnect()
    socket = null
    open = false
    qr = null
    if (sock !== null && wasOpen) {
      yield* Effect.promise(() => sock.logout().catch(() => undefined))
    } else {
      sock?.end(undefined)
    }
    yield* (yield* AuthStateStore).clear(sessionId).pipe(
      Effect.mapError((error) => new WhatsAppFailure({ message: `the credentials could not be wiped: ${error.message}` }))
    )
    phoneJid = null
    lid = null
    setStatus("logged_out")
  }).pipe(Effect.provideContext(env.services))

  return {
    sessionId,
    start,
    connection,
    socket: liveSocket,
    requestQr,
    requestPairingCode,
    stop: close(true),
    release: close(false),
    logout,
    phoneOf
  }
}
