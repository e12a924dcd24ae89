import { Effect } from "effect"
import type { SessionId } from "../domain/Ids.ts"
import type { Principal } from "../domain/Principal.ts"
import type { Session } from "../domain/Session.ts"
import { requireCapability } from "../access/capability.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { CreateSessionInput } from "./inputs.ts"

const decode = decodeInput(CreateSessionInput)

/** Creates a session for the caller's organisation and starts connecting it. */
export const createSession = Effect.fn("sessions.create")(function*(principal: Principal, input: unknown) {
  const body = yield* decode(input ?? {})
  yield* requireCapability(principal, "manage")
  const sessions = yield* SessionStore
  const whatsapp = yield* WhatsAppPort
  const at = yield* now
  const id = body.id ?? ((yield* (yield* IdGenerator).next) as SessionId)
  const session: Session = {
    id,
    orgId: principal.orgId,
    name: body.name ?? null,
    status: "connecting",
    phoneJid: null,
    lid: null,
    createdAt: at,
    updatedAt: at
  }
  yield* sessions.insert(session)
  const connection = yield* whatsapp.start(id).pipe(
    Effect.catchTag("WhatsAppFailure", (error) =>
      Effect.as(Effect.logWarning("session start failed", { sessionId: id, error: error.message }), {
        status: "disconnected" as const,
        phoneJid: null,
        lid: null
      }))
  )
  const updated = yield* sessions.setStatus(id, connection.status, connection.phoneJid, connection.lid, yield* now)
  const result: Session = updated._tag === "Some" ? updated.value : session
  yield* recordEvent(principal.orgId, {
    type: "session.status",
    sessionId: id,
    data: { status: result.status, phoneJid: result.phoneJid, lid: result.lid }
  })
  return result
})
