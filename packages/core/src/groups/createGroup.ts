import { Effect } from "effect"
import { exclusive } from "../access/exclusive.ts"
import { pairsOf } from "../domain/Member.ts"
import { toParticipantResult } from "../domain/Participant.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { CreateGroupInput, withPath } from "./inputs.ts"

const decode = decodeInput(CreateGroupInput)

/**
 * Creates a group owned by the session's account and stores it at once, so it lists immediately. The twins
 * WhatsApp gave in the per-participant answers complete the members its metadata lists without them.
 */
export const createGroup = Effect.fn("groups.create")(function*(principal: Principal, sessionId: string, input: unknown) {
  const body = yield* decode(withPath(input, { sessionId }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const whatsapp = yield* WhatsAppPort
  const groups = yield* GroupStore
  const { created, group } = yield* exclusive(live.session.id)(Effect.gen(function*() {
    const created = yield* whatsapp.createGroup(live.session.id, {
      subject: body.name.trim(),
      participants: body.participants.filter((jid) => jid !== live.phoneJid),
      description: body.description,
      settings: body.settings
    })
    const at = yield* now
    const pairs = pairsOf(created.results.flatMap((r) => (r.member === undefined ? [] : [r.member])))
    if (pairs.length > 0) yield* groups.learnTwins(live.owner, pairs, at)
    return { created, group: yield* groups.upsert(live.owner, created.group, at) }
  }))
  yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: live.session.id, data: group })
  return { group, results: created.results.map(toParticipantResult) }
})
