import { Effect } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { storedGroup } from "../access/group.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { now } from "../ports/Now.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { GroupRef } from "./inputs.ts"
import { storeLeft } from "./storeLeft.ts"

const decode = decodeInput(GroupRef)

/** Takes the session's own account out of the group; the stored group stays readable, marked left. */
export const leaveGroup = Effect.fn("groups.leave")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decode({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const current = yield* storedGroup(live.owner, ref.groupJid)
  const whatsapp = yield* WhatsAppPort
  yield* exclusive(live.session.id)(Effect.gen(function*() {
    if (!current.left) {
      yield* whatsapp.leaveGroup(live.session.id, ref.groupJid)
    }
    yield* atomically(Effect.flatMap(now, (at) => storeLeft(live, current, at)))
  }))
})
