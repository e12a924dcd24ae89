import { Effect, Option } from "effect"
import { NotGroupMember } from "../domain/errors.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { exclusive } from "../access/exclusive.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { GroupRef } from "./inputs.ts"
import { storeGroupInfo } from "./storeGroupInfo.ts"
import { storeLeft } from "./storeLeft.ts"

const decode = decodeInput(GroupRef)

/**
 * Re-reads one group from WhatsApp into the store, for a client that suspects the stored view missed a
 * notification; `group.updated` is recorded only when something a client can see changed. Answers the stored
 * Group. The session need not have the group stored: a group WhatsApp lists it in is stored. A stored group
 * WhatsApp says the session is not in is one it left unheard: it is marked left (as a resync of all groups marks
 * it) and answered so; `NotGroupMember` only for a group the session never had.
 */
export const refreshGroup = Effect.fn("groups.refresh")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decode({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    // The WhatsApp call is made before the store transaction, never inside it.
    const info = yield* whatsapp.groupMetadata(live.session.id, ref.groupJid).pipe(
      Effect.catchTag("NotGroupMember", (notMember) => Effect.succeed(notMember))
    )
    if (info instanceof NotGroupMember) {
      const stored = yield* (yield* GroupStore).get(live.owner, ref.groupJid)
      if (Option.isNone(stored)) return yield* info
      if (stored.value.left) return stored.value
      const group = stored.value
      return yield* atomically(Effect.flatMap(now, (at) => storeLeft(live, group, at)))
    }
    const stored = yield* atomically(Effect.flatMap(now, (at) => storeGroupInfo(live.owner, info, at)))
    return stored.group
  }))
})
