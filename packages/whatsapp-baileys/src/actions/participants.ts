import { type GroupJid, type ParticipantAction, type ParticipantResult, UserJid } from "@wagate/core"
import { type BinaryNode, getBinaryNodeChild, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import { participantStatus } from "../errors/toDomainError.ts"
import { call, groupCall } from "./call.ts"

/** The `add_request` WhatsApp made of a refused add: the code of the private invite to send the user. */
export const addRequestOf = (node: BinaryNode | undefined): { readonly code: string; readonly expiration: number } | undefined => {
  const request = getBinaryNodeChild(node, "add_request")
  const code = request?.attrs["code"]
  return code === undefined ? undefined : { code, expiration: Number(request?.attrs["expiration"] ?? 0) }
}

/**
 * Sends the invite WhatsApp clients send when a user's privacy settings refuse a direct add (a
 * `groupInviteMessage` with the add request's code). A failure to send is logged: the add's result stands.
 */
export const sendAddRequestInvite = Effect.fn("Baileys.sendAddRequestInvite")(function*(
  sock: WASocket,
  groupJid: GroupJid,
  subject: string,
  user: string,
  request: { readonly code: string; readonly expiration: number }
) {
  yield* call("the group invite message", () =>
    sock.sendMessage(user, {
      groupInvite: { jid: groupJid, inviteCode: request.code, inviteExpiration: request.expiration, subject, text: "" }
    })).pipe(Effect.catch((error) => Effect.logWarning("the add-request invite could not be sent", { groupJid, error: error.message })))
})

/** Adds, removes, promotes or demotes; one result per requested participant, in the order asked. */
export const updateParticipants = Effect.fn("Baileys.updateParticipants")(function*(
  sock: WASocket,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) {
  const results = yield* groupCall(`${action} participants`, groupJid, () => sock.groupParticipantsUpdate(groupJid, [...participants], action))
  const out: Array<ParticipantResult> = []
  for (const [index, jid] of participants.entries()) {
    // WhatsApp answers per participant, in the order asked (LID-addressed groups may answer with the LID).
    const result = results.find((r) => r.jid === jid) ?? results[index]
    const status = result === undefined ? "failed" : participantStatus(action, result.status)
    if (status === "invite_sent" && result !== undefined) {
      const request = addRequestOf(result.content)
      if (request !== undefined) {
        const subject = yield* Effect.promise(() => sock.groupMetadata(groupJid).then((m) => m.subject, () => ""))
        yield* sendAddRequestInvite(sock, groupJid, subject, jid, request)
      }
    }
    out.push({ jid: UserJid.make(jid), status })
  }
  return out
})
