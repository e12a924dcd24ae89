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
  type ParticipantOutcome,
  UserJid
} from "@wagate/core"
import { getBinaryNodeChild, getBinaryNodeChildren, jidNormalizedUser, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import { joinRequestStatus } from "../errors/toDomainError.ts"
import { type Addressing, answeredMember } from "../groups/addressing.ts"
import { isoFromSeconds, type PhoneOf, phoneJidOf } from "../groups/toGroupInfo.ts"
import { defined, groupCall, inviteCall } from "./call.ts"
import { answersAddressing } from "./participants.ts"

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

/**
 * Approves or rejects join requests; one outcome per participant, in the order asked, with the participant as the
 * group addresses it (`member`). The IQ is Baileys' `groupRequestParticipantsUpdate`, sent here because Baileys
 * keeps only each answer's `jid`, not the twin WhatsApp gives with it.
 */
export const updateJoinRequests = Effect.fn("Baileys.updateJoinRequests")(function*(
  sock: WASocket,
  groupJid: GroupJid,
  action: JoinRequestAction,
  participants: ReadonlyArray<UserJid>,
  storedAddressing: Effect.Effect<Addressing | undefined>
) {
  const reply = yield* groupCall(`${action} join requests`, groupJid, () =>
    sock.query({
      tag: "iq",
      attrs: { type: "set", xmlns: "w:g2", to: groupJid },
      content: [{
        tag: "membership_requests_action",
        attrs: {},
        content: [{ tag: action, attrs: {}, content: participants.map((jid) => ({ tag: "participant", attrs: { jid } })) }]
      }]
    }))
  const answers = getBinaryNodeChildren(getBinaryNodeChild(getBinaryNodeChild(reply, "membership_requests_action"), action), "participant")
  const addressing = yield* answersAddressing(sock, groupJid, answers, storedAddressing)
  return participants.map((jid, index): ParticipantOutcome => {
    const answer = answers.find((a) => a.attrs["jid"] !== undefined && jidNormalizedUser(a.attrs["jid"]) === jid) ?? answers[index]
    const member = answeredMember(answer, addressing)
    return {
      jid: UserJid.make(jid),
      status: answer === undefined ? "failed" : joinRequestStatus(action, answer.attrs["error"] ?? "200"),
      ...(member === undefined ? {} : { member })
    }
  })
})
