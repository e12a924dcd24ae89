import { Effect } from "effect"
import { NotFound } from "../domain/errors.ts"
import type { ParticipantAction } from "../domain/Participant.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { storedGroup } from "../access/group.ts"
import { type PageInput, toJsonPage, toPage } from "../access/paging.ts"
import { ownedSession, ownerOf, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { decodeGroupPage } from "../groups/groupPage.ts"
import { withPath } from "../groups/inputs.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { changeParticipants } from "./changeParticipants.ts"
import { MemberRef, ParticipantsInput } from "./inputs.ts"

const decodeMany = decodeInput(ParticipantsInput)
const decodeOne = decodeInput(MemberRef)

/** The group's members from the store; no WhatsApp call. */
export const listMembers = Effect.fn("members.list")(function*(
  principal: Principal,
  sessionId: string,
  groupJid: string,
  page?: PageInput
) {
  const { ref, query } = yield* decodeGroupPage(sessionId, groupJid, page)
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const owner = ownerOf(session)
  yield* storedGroup(owner, ref.groupJid)
  const groups = yield* GroupStore
  return toPage(yield* groups.members(owner, ref.groupJid, query))
})

/**
 * `listMembers` as the `List` envelope's JSON text, written by the store in one read (ADR 0033): the same checks in
 * the same order, the same errors, the same bytes as encoding what `listMembers` answers.
 */
export const listMembersJson = Effect.fn("members.listJson")(function*(
  principal: Principal,
  sessionId: string,
  groupJid: string,
  page?: PageInput
) {
  const { ref, query } = yield* decodeGroupPage(sessionId, groupJid, page)
  yield* requireCapability(principal, "read")
  const groups = yield* GroupStore
  const found = yield* groups.membersJson({ orgId: principal.orgId, sessionId: ref.sessionId }, ref.groupJid, query)
  switch (found._tag) {
    case "NoSession":
      return yield* new NotFound({ resource: "session", id: ref.sessionId })
    case "NoGroup":
      return yield* new NotFound({ resource: "group", id: ref.groupJid })
    case "Page":
      return toJsonPage(found.page)
  }
})

const bulk = (action: ParticipantAction) =>
  Effect.fn(`members.${action}`)(function*(principal: Principal, sessionId: string, groupJid: string, input: unknown) {
    const body = yield* decodeMany(withPath(input, { sessionId, groupJid }))
    yield* requireCapability(principal, "send")
    const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
    return yield* changeParticipants(live, body.groupJid, action, body.participants)
  })

const single = (action: ParticipantAction) =>
  Effect.fn(`members.${action}One`)(function*(principal: Principal, sessionId: string, groupJid: string, jid: string) {
    const ref = yield* decodeOne({ sessionId, groupJid, jid })
    yield* requireCapability(principal, "send")
    const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
    const [result] = yield* changeParticipants(live, ref.groupJid, action, [ref.jid])
    return result ?? { jid: ref.jid, status: "failed" as const }
  })

/** Adds participants; each gets its own result (`added`, `already_member`, `invite_sent`, `not_on_whatsapp`, …). */
export const addMembers = bulk("add")
/** Removes one member; removing someone who is not a member is a no-op (`not_member`). */
export const removeMember = single("remove")
/** Makes participants admins. */
export const promoteAdmins = bulk("promote")
/** Makes an admin a plain member again; idempotent. */
export const demoteAdmin = single("demote")

