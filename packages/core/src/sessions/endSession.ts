import { Effect, Option } from "effect"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { SessionRef } from "./inputs.ts"
import { sessionStatusEvent } from "./sessionStatusEvent.ts"
import { storeStatus } from "./storeStatus.ts"

const decodeRef = decodeInput(SessionRef)

/** Unlinks the device; stored groups stay readable. */
export const logoutSession = Effect.fn("sessions.logout")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeRef({ sessionId })
  yield* requireCapability(principal, "manage")
  const session = yield* ownedSession(principal, ref.sessionId)
  const whatsapp = yield* WhatsAppPort
  yield* whatsapp.logout(session.id)
  yield* atomically(Effect.gen(function*() {
    const stored = yield* storeStatus(session.id, "logged_out", session.phoneJid, session.lid, yield* now)
    if (Option.isSome(stored) && stored.value.changed) yield* recordEvent(session.orgId, sessionStatusEvent(stored.value.session))
  }))
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
