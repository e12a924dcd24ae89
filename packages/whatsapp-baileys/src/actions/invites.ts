import {
  type GroupJid,
  GroupJid as GroupJidSchema,
  type InviteCode,
  InviteCode as InviteCodeSchema,
  InviteInvalid,
  type InvitePreview,
  isGroupJid,
  type JoinOutcome,
  type JoinRequest,
  type JoinRequestAction,
  type ParticipantResult,
  UserJid,
  isUserJid
} from "@wagate/core"
import { jidNormalizedUser, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import { joinRequestStatus } from "../errors/toDomainError.ts"
import { isoFromSeconds, type PhoneOf, phoneJidOf } from "../groups/toGroupInfo.ts"
import { defined, groupCall, inviteCall } from "./call.ts"

export const inviteCode = Effect.fn("Baileys.inviteCode")(function*(sock: WASocket, groupJid: GroupJid) {
  const code = yield* defined("the invite code")(groupCall("the invite code", groupJid, () => sock.groupInviteCode(groupJid)))
  return InviteCodeSchema.make(code)
})

export const revokeInvite = Effect.fn("Baileys.revokeInvite")(function*(sock: WASocket, groupJid: GroupJid) {
  const code = yield* defined("the invite revocation")(groupCall("the invite revocation", groupJid, () => sock.groupRevokeInvite(groupJid)))
  return InviteCodeSchema.make(code)
})

export const inviteInfo = Effect.fn("Baileys.inviteInfo")(function*(sock: WASocket, code: InviteCode) {
  const meta = yield* inviteCall("the invite's group", code, () => sock.groupGetInviteInfo(code))
  const groupJid = jidNormalizedUser(meta.id)
  if (!isGroupJid(groupJid)) return yield* new InviteInvalid({ code })
  return {
    groupJid: GroupJidSchema.make(groupJid),
    subject: meta.subject ?? "",
    description: meta.desc ?? null,
    size: meta.size ?? meta.participants.length
  } satisfies InvitePreview
})

/**
 * Joins by invite. WhatsApp answers the group's JID when the account is in; a group in join-approval mode
 * answers with a membership request instead, which Baileys surfaces as a missing JID (read from the preview).
 */
export const acceptInvite = Effect.fn("Baileys.acceptInvite")(function*(sock: WASocket, code: InviteCode) {
  const preview = yield* inviteInfo(sock, code)
  const joined = yield* inviteCall("joining by invite", code, () => sock.groupAcceptInvite(code))
  return { groupJid: preview.groupJid, pendingApproval: joined === undefined } satisfies JoinOutcome
})

export const joinRequests = Effect.fn("Baileys.joinRequests")(function*(sock: WASocket, groupJid: GroupJid, phoneOf: PhoneOf) {
  const requests = yield* groupCall("the join requests", groupJid, () => sock.groupRequestParticipantsList(groupJid))
  const out: Array<JoinRequest> = []
  for (const request of requests) {
    const jid = request["jid"] === undefined
      ? undefined
      : phoneJidOf({ id: request["jid"], phoneNumber: request["phone_number"] }, phoneOf)
    if (jid === undefined) continue
    out.push({ jid, requestedAt: isoFromSeconds(Number(request["request_time"] ?? 0)) })
  }
  return out
})

export const updateJoinRequests = Effect.fn("Baileys.updateJoinRequests")(function*(
  sock: WASocket,
  groupJid: GroupJid,
  action: JoinRequestAction,
  participants: ReadonlyArray<UserJid>
) {
  const results = yield* groupCall(`${action} join requests`, groupJid, () =>
    sock.groupRequestParticipantsUpdate(groupJid, [...participants], action))
  return participants.map((jid, index): ParticipantResult => {
    const result = results.find((r) => r.jid === jid) ?? results[index]
    const answered = result?.jid === undefined ? undefined : jidNormalizedUser(result.jid)
    return {
      jid: UserJid.make(answered !== undefined && isUserJid(answered) && answered === jid ? answered : jid),
      status: result === undefined ? "failed" : joinRequestStatus(action, result.status)
    }
  })
})
