import { Effect } from "effect"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { exclusive } from "../access/exclusive.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { now } from "../ports/Now.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { GroupRef } from "./inputs.ts"
import { storeGroupInfo } from "./storeGroupInfo.ts"

const decode = decodeInput(GroupRef)

/**
 * Re-reads one group from WhatsApp into the store, for a client that suspects the stored view missed a
 * notification; `group.updated` is recorded only when something a client can see changed. Answers the stored
 * Group. The session need not have the group stored: a group WhatsApp lists it in is stored.
 */
export const refreshGroup = Effect.fn("groups.refresh")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decode({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    // The WhatsApp call is made before the store transaction, never inside it.
    const info = yield* whatsapp.groupMetadata(live.session.id, ref.groupJid)
    const stored = yield* atomically(Effect.gen(function*() {
      return yield* storeGroupInfo(live.owner, info, yield* now)
    }))
    return stored.group
  }))
})
