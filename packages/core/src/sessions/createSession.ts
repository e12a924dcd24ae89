import { Effect, Option } from "effect"
import type { SessionId } from "../domain/Ids.ts"
import type { Principal } from "../domain/Principal.ts"
import type { Session } from "../domain/Session.ts"
import { requireCapability } from "../access/capability.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { CreateSessionInput } from "./inputs.ts"
import { sessionStatusEvent } from "./sessionStatusEvent.ts"
import { storeStatus } from "./storeStatus.ts"

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
  // Stored with its event: the session exists (connecting) from here on, whatever the start below does.
  yield* atomically(Effect.gen(function*() {
    yield* sessions.insert(session)
    yield* recordEvent(principal.orgId, sessionStatusEvent(session))
  }))
  const connection = yield* whatsapp.start(id).pipe(
    Effect.catchTag("WhatsAppFailure", (error) =>
      Effect.as(Effect.logWarning("session start failed", { sessionId: id, error: error.message }), {
        status: "disconnected" as const,
        phoneJid: null,
        lid: null
      }))
  )
  // The start's answer is stored (with its event) unless the store says so already: an inbound change may have
  // moved the session meanwhile, to this status or past it.
  const updated = yield* atomically(Effect.gen(function*() {
    const stored = yield* storeStatus(id, connection.status, connection.phoneJid, connection.lid, yield* now)
    if (Option.isSome(stored) && stored.value.changed) yield* recordEvent(principal.orgId, sessionStatusEvent(stored.value.session))
    return Option.map(stored, (s) => s.session)
  }))
  return Option.getOrElse(updated, () => session)
})
