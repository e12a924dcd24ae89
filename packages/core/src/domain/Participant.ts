import { Schema } from "effect"
import { Timestamp } from "./Ids.ts"
import { UserJid } from "./Jid.ts"

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
])
export type ParticipantStatus = typeof ParticipantStatus.Type

export const ParticipantResult = Schema.Struct({ jid: UserJid, status: ParticipantStatus })
export type ParticipantResult = typeof ParticipantResult.Type

/** The bulk participant actions WhatsApp offers. */
export const ParticipantAction = Schema.Literals(["add", "remove", "promote", "demote"])
export type ParticipantAction = typeof ParticipantAction.Type

/** A pending request to join a group in join-approval mode. */
export const JoinRequest = Schema.Struct({ jid: UserJid, requestedAt: Timestamp })
export type JoinRequest = typeof JoinRequest.Type

export const JoinRequestAction = Schema.Literals(["approve", "reject"])
export type JoinRequestAction = typeof JoinRequestAction.Type
