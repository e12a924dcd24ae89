import { Effect } from "effect"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { SessionRef } from "./inputs.ts"

const decodeRef = decodeInput(SessionRef)

/** Unlinks the device; stored groups stay readable. */
export const logoutSession = Effect.fn("sessions.logout")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeRef({ sessionId })
  yield* requireCapability(principal, "manage")
  const session = yield* ownedSession(principal, ref.sessionId)
  const whatsapp = yield* WhatsAppPort
  const sessions = yield* SessionStore
  yield* whatsapp.logout(session.id)
  yield* sessions.setStatus(session.id, "logged_out", session.phoneJid, session.lid, yield* now)
  yield* recordEvent(session.orgId, {
    type: "session.status",
    sessionId: session.id,
    data: { status: "logged_out", phoneJid: session.phoneJid, lid: session.lid }
  })
})

/** Logs out and deletes the session with everything stored under it. */
export const deleteSession = Effect.fn("sessions.delete")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeRef({ sessionId })
  yield* requireCapability(principal, "manage")
  const session = yield* ownedSession(principal, ref.sessionId)
  const whatsapp = yield* WhatsAppPort
  const sessions = yield* SessionStore
  yield* whatsapp.remove(session.id)
  yield* sessions.remove(session.orgId, session.id)
})
