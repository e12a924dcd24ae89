import { Effect, Option } from "effect"
import type { Group } from "../domain/Group.ts"
import type { Timestamp } from "../domain/Ids.ts"
import { type LiveSession, ownAccount } from "../access/session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"

/**
 * Stores that the session is no longer in `group`, with its `group.updated` event, inside the caller's store
 * transaction: its own copy no longer counts the session's account as a member (the member list stays what it
 * saw last), and the group is marked left. Answers the group as stored now.
 */
export const storeLeft = Effect.fn("groups.storeLeft")(function*(live: LiveSession, group: Group, at: Timestamp) {
  const groups = yield* GroupStore
  yield* groups.applyParticipants(live.owner, group.groupJid, "remove", [ownAccount(live)], at)
  const left = Option.getOrElse(yield* groups.markLeft(live.owner, group.groupJid, at), (): Group => ({ ...group, left: true }))
  yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: live.session.id, data: left })
  return left
})
