import { Effect, Option } from "effect"
import type { LidJid, PhoneJid } from "../domain/Jid.ts"
import type { SessionId, Timestamp } from "../domain/Ids.ts"
import type { Session, SessionStatus } from "../domain/Session.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"

/**
 * Stores a session's status and its account's identities, inside the caller's transaction, when they differ from
 * what is stored: the same status told twice (the transport's change, then the start's or the logout's answer) is
 * one change. Answers the session as stored and whether it changed (its `session.status` event is the caller's to
 * record then); none when the session is gone.
 */
export const storeStatus = Effect.fn("sessions.storeStatus")(function*(
  sessionId: SessionId,
  status: SessionStatus,
  phoneJid: PhoneJid | null,
  lid: LidJid | null,
  at: Timestamp
) {
  const sessions = yield* SessionStore
  const current = yield* sessions.find(sessionId)
  if (Option.isNone(current)) return Option.none<{ readonly session: Session; readonly changed: boolean }>()
  const { status: was, phoneJid: wasPhone, lid: wasLid } = current.value
  if (was === status && wasPhone === phoneJid && wasLid === lid) return Option.some({ session: current.value, changed: false })
  const stored = yield* sessions.setStatus(sessionId, status, phoneJid, lid, at)
  return Option.map(stored, (session) => ({ session, changed: true }))
})
