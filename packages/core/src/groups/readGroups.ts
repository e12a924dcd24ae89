import { Effect } from "effect"
import { SessionId } from "../domain/Ids.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { storedGroup } from "../access/group.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { ownedSession, ownerOf } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { Schema } from "effect"
import { GroupRef } from "./inputs.ts"

const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
const decodeGroup = decodeInput(GroupRef)

/** The session's groups, from the store. */
export const listGroups = Effect.fn("groups.list")(function*(principal: Principal, sessionId: string, page?: PageInput) {
  const ref = yield* decodeSession({ sessionId })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const groups = yield* GroupStore
  return toPage(yield* groups.list(ownerOf(session), query))
})

/** One stored group, also after the session left it (`left: true`). */
export const getGroup = Effect.fn("groups.get")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decodeGroup({ sessionId, groupJid })
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  return yield* storedGroup(ownerOf(session), ref.groupJid)
})
