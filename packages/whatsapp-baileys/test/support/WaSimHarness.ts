import {
  type Connection,
  OrgId,
  SessionId,
  type SessionStatus,
  SessionStore,
  type Timestamp,
  PhoneJid,
  WhatsAppPort
} from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { WhatsAppHarness } from "@wagate/testing"
import { WaSimService } from "@wagate/wa-sim"
import { Effect, Layer, Ref, Schedule } from "effect"
import { type BaileysOptions, BaileysWhatsApp } from "../../src/index.ts"

const at = "2026-12-01T00:00:00.000Z" as Timestamp
const digits = (n: number, width: number) => n.toString().padStart(width, "0")

/**
 * Waits until the adapter's local view of the session has `status` (polled: the contract suite's `ChangeInbox`
 * is the one reader of the port's changes), at most 30 s.
 */
export const awaitStatus = (sessionId: SessionId, status: SessionStatus): Effect.Effect<Connection, never, WhatsAppPort> =>
  Effect.gen(function*() {
    const port = yield* WhatsAppPort
    return yield* port.connection(sessionId).pipe(
      Effect.repeat({ schedule: Schedule.spaced("25 millis"), until: (c) => c.status === status }),
      Effect.timeoutOrElse({
        duration: "30 seconds",
        orElse: () => Effect.die(new Error(`session ${sessionId} did not become ${status} within 30 s`))
      })
    )
  })

/**
 * Drives wa-sim for the WhatsApp contract suite: a new session pairs by QR (the simulated phone scans it); a
 * disconnect is the network refusing the account (the adapter reports `disconnected` after its failed
 * attempts), a connect the network accepting it again, or the phone scanning the current QR of a session
 * that is pairing. Users are wa-sim's virtual users (999… refuse direct adds, 000… are not on WhatsApp).
 */
export const WaSimHarness = Layer.effect(
  WhatsAppHarness,
  Effect.gen(function*() {
    const port = yield* WhatsAppPort
    const sessions = yield* SessionStore
    const sim = yield* WaSimService
    const counter = yield* Ref.make(0)
    const next = Ref.updateAndGet(counter, (n) => n + 1)
    const until = (sessionId: SessionId, status: SessionStatus) => Effect.provideService(awaitStatus(sessionId, status), WhatsAppPort, port)
    const user = (prefix: string) => Effect.map(next, (n) => PhoneJid.make(`${prefix}${digits(n, 9)}@s.whatsapp.net`))

    /** The simulated phone scans the session's current QR code; the session then connects. */
    const pair = Effect.fn("WaSimHarness.pair")(function*(sessionId: SessionId) {
      const qr = yield* Effect.orDie(port.requestQr(sessionId))
      yield* Effect.promise(() => sim.control.scan({ qr: qr.qr, sessionId }))
      return yield* until(sessionId, "connected")
    })

    return WhatsAppHarness.of({
      newSession: Effect.gen(function*() {
        const sessionId = SessionId.make(`bly-${yield* next}`)
        yield* Effect.orDie(sessions.insert({
          id: sessionId,
          orgId: OrgId.make("contract"),
          name: null,
          status: "pairing",
          phoneJid: null,
          lid: null,
          createdAt: at,
          updatedAt: at
        }))
        yield* Effect.orDie(port.start(sessionId))
        const connection = yield* pair(sessionId)
        if (connection.phoneJid === null || connection.lid === null) {
          return yield* Effect.die(new Error("a connected session has a phone JID and a LID"))
        }
        return { sessionId, phoneJid: connection.phoneJid, lid: connection.lid }
      }),
      connect: Effect.fn("WaSimHarness.connect")(function*(sessionId: SessionId) {
        const { status } = yield* port.connection(sessionId)
        if (status === "pairing") return yield* Effect.asVoid(pair(sessionId))
        sim.control.accept({ sessionId })
        yield* until(sessionId, "connected")
      }),
      disconnect: Effect.fn("WaSimHarness.disconnect")(function*(sessionId: SessionId) {
        sim.control.refuse({ sessionId })
        yield* until(sessionId, "disconnected")
      }),
      newUser: user("628"),
      privateUser: user("999"),
      unknownUser: user("000"),
      // Baileys resolves once the stanza is written; wa-sim records it when it reads it, a moment later.
      presencesSeen: (sessionId, count) =>
        Effect.sync(() => sim.control.chatStates({ sessionId }).map(({ chat, state }) => ({ chat, state }))).pipe(
          Effect.repeat({ schedule: Schedule.spaced("10 millis"), until: (seen) => seen.length >= count }),
          Effect.timeoutOrElse({
            duration: "10 seconds",
            orElse: () => Effect.die(new Error(`wa-sim did not receive ${count} chat states from ${sessionId} within 10 s`))
          })
        )
    })
  })
)

/** Reconnection paced for tests: a refused network reads `disconnected` after three quick failed attempts. */
export const testOptions: Omit<BaileysOptions, "socketUrl" | "certRootPublicKey"> = {
  reconnect: { initialDelayMs: 50, maxDelayMs: 200, disconnectedAfterAttempts: 3 }
}

/** wa-sim, the adapter against it on the memory store, and the harness: what the contract suite runs on. */
export const waSimWorld = (options: Omit<BaileysOptions, "socketUrl" | "certRootPublicKey"> = testOptions) => {
  const adapter = Layer.unwrap(Effect.map(WaSimService, (sim) =>
    BaileysWhatsApp.layer({ ...options, socketUrl: sim.url, certRootPublicKey: sim.rootPublicKey })))
  return WaSimHarness.pipe(
    Layer.provideMerge(adapter),
    Layer.provideMerge(MemoryStore.layer),
    Layer.provideMerge(WaSimService.layer())
  )
}
