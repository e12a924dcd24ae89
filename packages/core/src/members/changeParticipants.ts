import { Effect } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { GroupJid, UserJid } from "../domain/Jid.ts"
import type { ParticipantAction, ParticipantResult, ParticipantStatus } from "../domain/Participant.ts"
import { requireGroupAdmin } from "../access/group.ts"
import type { LiveSession } from "../access/session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** The result status that means WhatsApp applied the action to that participant. */
const applied: Record<ParticipantAction, ParticipantStatus> = {
  add: "added",
  remove: "removed",
  promote: "promoted",
  demote: "demoted"
}

/**
 * The shared tail of every member and admin change, after validation, capability and connection checks:
 * admin check → WhatsApp call → store update for the participants it applied to → event.
 */
export const changeParticipants = Effect.fn("members.change")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) {
  yield* requireGroupAdmin(live, groupJid)
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    const results: ReadonlyArray<ParticipantResult> = yield* whatsapp.updateParticipants(
      live.session.id,
      groupJid,
      action,
      participants
    )
    yield* applyResults(live, groupJid, action, results)
    return results
  }))
})

/** Writes what WhatsApp applied to the stored member list and records the event. */
export const applyResults = Effect.fn("members.applyResults")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  results: ReadonlyArray<ParticipantResult>
) {
  const changed = results.filter((r) => r.status === applied[action] || (action === "add" && r.status === "approved"))
  // WhatsApp says who is not (or already) a member: the store follows, so stale rows heal themselves.
  const absent = action === "remove" ? results.filter((r) => r.status === "not_member") : []
  const present = action === "add" ? results.filter((r) => r.status === "already_member") : []
  const groups = yield* GroupStore
  const at = yield* now
  for (const [act, rows] of [[action, changed], ["remove", absent], ["add", present]] as const) {
    if (rows.length > 0) {
      yield* groups.applyParticipants(live.owner, groupJid, act, rows.map((r) => r.jid), at)
    }
  }
  if (changed.length > 0) {
    yield* recordEvent(live.owner.orgId, {
      _tag: "group.participants",
      sessionId: live.session.id,
      groupJid,
      action,
      participants: changed.map((r) => r.jid)
    })
  }
})
