import { Effect } from "effect"
import { SessionId } from "../domain/Ids.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { storedGroup } from "../access/group.ts"
import { type PageInput, toJsonPage, toPage, toPageQuery } from "../access/paging.ts"
import { NotFound } from "../domain/errors.ts"
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

/**
 * `listGroups` as the `List` envelope's JSON text, written by the store in one read (ADR 0033): the same checks in
 * the same order, the same errors, the same bytes as encoding what `listGroups` answers.
 */
export const listGroupsJson = Effect.fn("groups.listJson")(function*(principal: Principal, sessionId: string, page?: PageInput) {
  const ref = yield* decodeSession({ sessionId })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const groups = yield* GroupStore
  const found = yield* groups.listJson({ orgId: principal.orgId, sessionId: ref.sessionId }, query)
  if (found._tag !== "Page") return yield* new NotFound({ resource: "session", id: ref.sessionId })
  return toJsonPage(found.page)
})

/** One stored group, also after the session left it (`left: true`). */
export const getGroup = Effect.fn("groups.get")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decodeGroup({ sessionId, groupJid })
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  return yield* storedGroup(ownerOf(session), ref.groupJid)
})
