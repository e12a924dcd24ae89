import {
  type Connection,
  InboundChange,
  type QrCode,
  type SessionId,
  type SessionStatus,
  type PhoneJid,
  WhatsAppFailure
} from "@wagate/core"
import { DateTime, Effect, Random } from "effect"
import { lidOf } from "./lids.ts"
import { isUnknownNumber, simulatedPhoneJid } from "./phone.ts"
import { type SimSession, step, type World, withoutSession, withSession } from "./World.ts"

const QR_LIFETIME = { seconds: 60 }
const PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTVWXYZ123456789"
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

const fresh = (id: SessionId): SimSession => ({ id, status: "disconnected", phoneJid: null, pairingPhone: null, pending: [] })

const sessionOf = (world: World, id: SessionId): SimSession => world.sessions.get(id) ?? fresh(id)

const statusChanged = (session: SimSession) =>
  InboundChange.SessionStatusChanged({
    sessionId: session.id,
    status: session.status,
    phoneJid: session.phoneJid,
    lid: session.phoneJid === null ? null : lidOf(session.phoneJid)
  })

const toConnection = (session: SimSession | undefined): Connection =>
  session === undefined || session.phoneJid === null
    ? { status: session?.status ?? "disconnected", phoneJid: null, lid: null }
    : { status: session.status, phoneJid: session.phoneJid, lid: lidOf(session.phoneJid) }

/**
 * Connects at once (the simulator needs no scan): an unlinked session links to the phone of its pairing code,
 * else to the number derived from its id. What WhatsApp held while it was offline is delivered now.
 */
export const link = (world: World, id: SessionId) => {
  const before = sessionOf(world, id)
  if (before.status === "connected") return step(world, toConnection(before))
  const phoneJid = before.pairingPhone ?? before.phoneJid ?? simulatedPhoneJid(id)
  const pending = phoneJid === before.phoneJid ? before.pending : []
  const after: SimSession = { id, status: "connected", phoneJid, pairingPhone: null, pending: [] }
  return step(withSession(world, after), toConnection(after), [statusChanged(after), ...pending])
}

/** The socket drops; the account stays linked and WhatsApp keeps its notifications until it is back. */
export const drop = (world: World, id: SessionId) => {
  const before = world.sessions.get(id)
  if (before === undefined || before.status !== "connected") return step(world, undefined)
  const after: SimSession = { ...before, status: "disconnected" }
  return step(withSession(world, after), undefined, [statusChanged(after)])
}

export const connection = (world: World, id: SessionId) => step(world, toConnection(world.sessions.get(id)))

/** Whether the session's account is linked (paired, not logged out), connected or not. */
export const linked = (world: World, id: SessionId) => {
  const session = world.sessions.get(id)
  return step(world, session !== undefined && session.phoneJid !== null && session.status !== "logged_out")
}

/** Unlinks the device: nothing more is delivered to the session until it links again. */
export const logout = (world: World, id: SessionId) => {
  const before = world.sessions.get(id)
  if (before === undefined || before.status === "logged_out") return step(world, undefined)
  const after: SimSession = { id, status: "logged_out", phoneJid: null, pairingPhone: null, pending: [] }
  return step(withSession(world, after), undefined, [statusChanged(after)])
}

/** Forgets the session; its account's memberships stay in the world, as a phone's do when a device goes. */
export const remove = (world: World, id: SessionId) => step(withoutSession(world, id), undefined)

const notConnected = Effect.fn("Simulator.notConnected")(function*(world: World, id: SessionId) {
  const session = sessionOf(world, id)
  if (session.status === "connected") {
    return yield* new WhatsAppFailure({ message: `session ${id} is already connected` })
  }
  return session
})

const pairing = (world: World, session: SimSession, pairingPhone: PhoneJid | null) => {
  const status: SessionStatus = "pairing"
  const after: SimSession = { ...session, status, pairingPhone }
  return [withSession(world, after), session.status === status ? [] : [statusChanged(after)]] as const
}

const randomString = Effect.fn("Simulator.randomString")(function*(alphabet: string, length: number) {
  let out = ""
  for (let i = 0; i < length; i++) out += alphabet[yield* Random.nextIntBetween(0, alphabet.length - 1)]
  return out
})

/** A QR to link the device, valid for 60 s; `Simulator.connect` plays the phone that scans it. */
export const requestQr = Effect.fn("Simulator.requestQr")(function*(world: World, id: SessionId) {
  const session = yield* notConnected(world, id)
  const expiresAt = DateTime.formatIso(DateTime.add(yield* DateTime.now, QR_LIFETIME))
  const qr: QrCode = { qr: `2@${yield* randomString(TOKEN_ALPHABET, 48)},sim,${id}`, expiresAt }
  const [next, changes] = pairing(world, session, session.pairingPhone)
  return step(next, qr, changes)
})

/** An 8-character code (`ABCD-EFGH`) to link the device to `phone`; `Simulator.connect` completes it. */
export const requestPairingCode = Effect.fn("Simulator.requestPairingCode")(function*(
  world: World,
  id: SessionId,
  phone: PhoneJid
) {
  const session = yield* notConnected(world, id)
  if (isUnknownNumber(phone)) return yield* new WhatsAppFailure({ message: `${phone} is not on WhatsApp` })
  const code = yield* randomString(PAIRING_ALPHABET, 8)
  const [next, changes] = pairing(world, session, phone)
  return step(next, `${code.slice(0, 4)}-${code.slice(4)}`, changes)
})
