import { Effect, Schema } from "effect"
import { exclusive } from "../access/exclusive.ts"
import { InviteInvalid, NotFound, ValidationError } from "../domain/errors.ts"
import { SessionId } from "../domain/Ids.ts"
import { InviteCodeInput, makeInvite } from "../domain/InviteCode.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { requireGroupAdmin } from "../access/group.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { GroupRef, withPath } from "../groups/inputs.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

const decodeGroup = decodeInput(GroupRef)
/** `POST /groups:join` body: a bare code or a full link. */
export const JoinGroupBody = Schema.Struct({ invite: InviteCodeInput }).annotate({
  description: "The invite to accept."
})
const decodeJoin = decodeInput(Schema.Struct({ ...JoinGroupBody.fields, sessionId: SessionId }))
const decodeCode = decodeInput(Schema.Struct({ sessionId: SessionId, code: InviteCodeInput }))

/** The group's current invite code and link (admin). */
export const getInvite = Effect.fn("invites.get")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decodeGroup({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  yield* requireGroupAdmin(live, ref.groupJid)
  const whatsapp = yield* WhatsAppPort
  return makeInvite(yield* whatsapp.inviteCode(live.session.id, ref.groupJid))
})

/** Revokes the invite code; the old link stops working and the new one is returned (admin). */
export const revokeInvite = Effect.fn("invites.revoke")(function*(principal: Principal, sessionId: string, groupJid: string) {
  const ref = yield* decodeGroup({ sessionId, groupJid })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  yield* requireGroupAdmin(live, ref.groupJid)
  const whatsapp = yield* WhatsAppPort
  return makeInvite(yield* whatsapp.revokeInvite(live.session.id, ref.groupJid))
})

const inviteRejected = (error: InviteInvalid) =>
  new ValidationError({ message: "invalid invite", details: { invite: error.message } })

/**
 * Joins by a bare code or a full link. Already a member: still the group's JID. The joined group is stored for
 * the joiner at once; with join approval on, a request is queued instead (`pendingApproval: true`).
 */
export const joinGroup = Effect.fn("invites.join")(function*(principal: Principal, sessionId: string, input: unknown) {
  const body = yield* decodeJoin(withPath(input, { sessionId }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    const outcome = yield* whatsapp.acceptInvite(live.session.id, body.invite).pipe(
      Effect.catchTag("InviteInvalid", (error) => Effect.fail(inviteRejected(error)))
    )
    if (!outcome.pendingApproval) {
      const info = yield* whatsapp.groupMetadata(live.session.id, outcome.groupJid)
      const groups = yield* GroupStore
      const group = yield* groups.upsert(live.owner, info, yield* now)
      yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: live.session.id, data: group })
    }
    return outcome
  }))
})

/** What an invite leads to, without joining. */
export const previewInvite = Effect.fn("invites.preview")(function*(principal: Principal, sessionId: string, code: string) {
  const ref = yield* decodeCode({ sessionId, code })
  yield* requireCapability(principal, "read")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const whatsapp = yield* WhatsAppPort
  return yield* whatsapp.inviteInfo(live.session.id, ref.code).pipe(
    Effect.catchTag("InviteInvalid", (error) => Effect.fail(new NotFound({ resource: "invite", id: error.code })))
  )
})
