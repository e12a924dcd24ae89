import { Effect, Option } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { storedGroup } from "../access/group.ts"
import { ownAccount, ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { GroupRef } from "./inputs.ts"

const decode = decodeInput(GroupRef)

/** Takes the session's own account out of the group; the stored group stays readable, marked left. */
export const leaveGroup = Effect.fn("groups.leave")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decode({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const current = yield* storedGroup(live.owner, ref.groupJid)
  const whatsapp = yield* WhatsAppPort
  const groups = yield* GroupStore
  const left = yield* exclusive(live.session.id)(Effect.gen(function*() {
    if (!current.left) {
      yield* whatsapp.leaveGroup(live.session.id, ref.groupJid)
    }
    const at = yield* now
    // The session's own copy no longer counts it as a member: its member list is what it saw when it left.
    yield* groups.applyParticipants(live.owner, ref.groupJid, "remove", [ownAccount(live)], at)
    return yield* groups.markLeft(live.owner, ref.groupJid, at)
  }))
  yield* recordEvent(live.owner.orgId, {
    type: "group.updated",
    sessionId: live.session.id,
    data: Option.getOrElse(left, () => ({ ...current, left: true }))
  })
})
