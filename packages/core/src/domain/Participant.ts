import { Schema } from "effect"
import { Timestamp } from "./Ids.ts"
import { UserJid } from "./Jid.ts"
import type { ParticipantRef } from "./Member.ts"

/** What happened to one participant of a bulk member, admin or join-request action. */
export const ParticipantStatus = Schema.Literals([
  "added",
  "removed",
  "promoted",
  "demoted",
  "already_member",
  "not_member",
  "invite_sent",
  "recently_left",
  "not_on_whatsapp",
  "approved",
  "rejected",
  "failed"
]).annotate({
  description: [
    "What happened to this participant: `added`, `removed`, `promoted`, `demoted`, `approved`, `rejected` (done);",
    "`already_member`, `not_member` (nothing to do); `invite_sent` (their privacy settings refuse a direct add, so",
    "WhatsApp sent them an invite instead); `recently_left` (they left recently and cannot be re-added yet);",
    "`not_on_whatsapp` (the number has no WhatsApp account); `failed` (WhatsApp refused for another reason)."
  ].join(" ")
})
export type ParticipantStatus = typeof ParticipantStatus.Type

export const ParticipantResult = Schema.Struct({
  jid: UserJid.annotate({
    description: "The participant as the request named it (a phone JID or a LID; a phone number comes back normalised to its phone JID)."
  }),
  status: ParticipantStatus
}).annotate({ description: "The outcome for one participant of a bulk action." })
export type ParticipantResult = typeof ParticipantResult.Type

/**
 * What WhatsApp answered for one participant, as a transport reports it: the result (`jid` as the request named
 * it) and, where WhatsApp told it, `member`: the participant as the group addresses it (a LID in a LID-addressed
 * group) with the twins WhatsApp gave. The core stores members from `member`; callers see only the result.
 */
export interface ParticipantOutcome extends ParticipantResult {
  readonly member?: ParticipantRef | undefined
}

/** The result a caller sees: the participant as it named it, and the status (no twins, ever). */
export const toParticipantResult = (outcome: ParticipantOutcome): ParticipantResult => ({ jid: outcome.jid, status: outcome.status })

/** The bulk participant actions WhatsApp offers. */
export const ParticipantAction = Schema.Literals(["add", "remove", "promote", "demote"])
export type ParticipantAction = typeof ParticipantAction.Type

/** A pending request to join a group in join-approval mode. */
export const JoinRequest = Schema.Struct({
  jid: UserJid.annotate({ description: "Who asked to join." }),
  requestedAt: Timestamp.annotate({ description: "When they asked." })
}).annotate({ description: "A pending request to join a group that needs admin approval." })
export type JoinRequest = typeof JoinRequest.Type

export const JoinRequestAction = Schema.Literals(["approve", "reject"])
export type JoinRequestAction = typeof JoinRequestAction.Type
