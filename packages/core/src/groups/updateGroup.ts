import { Effect, Option } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { GroupPatch } from "../domain/Group.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { requireGroupAdmin } from "../access/group.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { UpdateGroupInput, withPath } from "./inputs.ts"

const decode = decodeInput(UpdateGroupInput)

/**
 * Changes subject, description (`null` clears it) and settings. Needs an admin, as the contract says, even where
 * WhatsApp would let any member edit an unlocked group's info.
 */
export const updateGroup = Effect.fn("groups.update")(function*(
  principal: Principal,
  sessionId: string,
  groupJid: string,
  input: unknown
) {
  const body = yield* decode(withPath(input, { sessionId, groupJid }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const current = yield* requireGroupAdmin(live, body.groupJid)
  const whatsapp = yield* WhatsAppPort
  const sid = live.session.id
  const group = yield* exclusive(sid)(Effect.gen(function*() {
    const patch: { -readonly [K in keyof GroupPatch]: GroupPatch[K] } = {}
    if (body.subject !== undefined) {
      patch.subject = body.subject.trim()
      yield* whatsapp.updateSubject(sid, body.groupJid, patch.subject)
    }
    if (body.description !== undefined) {
      patch.description = body.description
      yield* whatsapp.updateDescription(sid, body.groupJid, body.description)
    }
    if (body.settings !== undefined && Object.keys(body.settings).length > 0) {
      patch.settings = body.settings
      yield* whatsapp.updateSettings(sid, body.groupJid, body.settings)
    }
    if (Object.keys(patch).length === 0) {
      return undefined
    }
    const groups = yield* GroupStore
    const updated = yield* groups.patch(live.owner, body.groupJid, patch, yield* now)
    return Option.getOrElse(updated, () => current)
  }))
  if (group === undefined) return current
  yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: sid, data: group })
  return group
})
