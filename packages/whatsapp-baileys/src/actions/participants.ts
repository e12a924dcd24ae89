import { type GroupJid, type ParticipantAction, type ParticipantOutcome, UserJid } from "@wagate/core"
import { type BinaryNode, getBinaryNodeChild, proto, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import { participantStatus } from "../errors/toDomainError.ts"
import { type Addressing, answeredMember, needsAddressing } from "../groups/addressing.ts"
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
  // Relayed as built here: Baileys' `groupInvite` content first asks for the group's picture, and fails the whole
  // send when the group has none.
  const message = proto.Message.fromObject({
    groupInviteMessage: { groupJid, inviteCode: request.code, inviteExpiration: request.expiration, groupName: subject, caption: "" }
  })
  yield* call("the group invite message", () => sock.relayMessage(user, message, {})).pipe(
    Effect.catch((error) => Effect.logWarning("the add-request invite could not be sent", { groupJid, error: error.message }))
  )
})

/**
 * The group's addressing, needed only when an answer gave both forms of a participant: as the store knows it
 * (`stored`), else from the group's metadata (one query), else unknown.
 */
export const answersAddressing = (
  sock: WASocket,
  groupJid: GroupJid,
  answers: ReadonlyArray<BinaryNode | undefined>,
  stored: Effect.Effect<Addressing | undefined>
): Effect.Effect<Addressing | undefined> =>
  answers.some(needsAddressing)
    ? Effect.flatMap(stored, (known) =>
      known !== undefined
        ? Effect.succeed(known)
        : Effect.promise(() => sock.groupMetadata(groupJid).then((m): Addressing => (m.addressingMode === "lid" ? "lid" : "pn"), () => undefined)))
    : Effect.succeed(undefined)

/**
 * Adds, removes, promotes or demotes; one outcome per requested participant, in the order asked, with the
 * participant as the group addresses it where WhatsApp's answer named it (`member`).
 */
export const updateParticipants = Effect.fn("Baileys.updateParticipants")(function*(
  sock: WASocket,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>,
  storedAddressing: Effect.Effect<Addressing | undefined>
) {
  const results = yield* groupCall(`${action} participants`, groupJid, () => sock.groupParticipantsUpdate(groupJid, [...participants], action))
  const addressing = yield* answersAddressing(sock, groupJid, results.map((r) => r.content), storedAddressing)
  const out: Array<ParticipantOutcome> = []
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
    const member = answeredMember(result?.content, addressing)
    out.push({ jid: UserJid.make(jid), status, ...(member === undefined ? {} : { member }) })
  }
  return out
})
