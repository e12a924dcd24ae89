import { Effect, Option } from "effect"
import { NotFound, SessionNotConnected } from "../domain/errors.ts"
import type { SessionId } from "../domain/Ids.ts"
import type { LidJid, PhoneJid } from "../domain/Jid.ts"
import type { ParticipantRef } from "../domain/Member.ts"
import type { Principal } from "../domain/Principal.ts"
import type { Session, SessionOwner } from "../domain/Session.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** The caller's session; another organisation's session is indistinguishable from a missing one (404, never 403). */
export const ownedSession = Effect.fn("access.ownedSession")(function*(principal: Principal, sessionId: SessionId) {
  const sessions = yield* SessionStore
  const found = yield* sessions.get(principal.orgId, sessionId)
  if (Option.isNone(found)) {
    return yield* new NotFound({ resource: "session", id: sessionId })
  }
  return found.value
})

export const ownerOf = (session: Session): SessionOwner => ({ orgId: session.orgId, sessionId: session.id })

/** A session whose connection is open, with its account's identities; checked locally, before any WhatsApp call. */
export interface LiveSession {
  readonly session: Session
  readonly owner: SessionOwner
  readonly phoneJid: PhoneJid
  /** The account's LID, from the connection or the store; `null` while WhatsApp has not told it. */
  readonly lid: LidJid | null
}

/** The session's own account as a participant, with both its forms where known. */
export const ownAccount = (live: LiveSession): ParticipantRef => ({ jid: live.phoneJid, phoneJid: live.phoneJid, lid: live.lid })

export const requireConnected = Effect.fn("access.requireConnected")(function*(session: Session) {
  const whatsapp = yield* WhatsAppPort
  const connection = yield* whatsapp.connection(session.id)
  if (connection.status !== "connected" || connection.phoneJid === null) {
    return yield* new SessionNotConnected({ sessionId: session.id, status: connection.status, reason: connection.reason })
  }
  const lid = connection.lid ?? (session.phoneJid === connection.phoneJid ? session.lid : null)
  const live: LiveSession = { session, owner: ownerOf(session), phoneJid: connection.phoneJid, lid }
  return live
})
