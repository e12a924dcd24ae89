import {
  InviteInvalid,
  NotACommunity,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  NotOnWhatsApp,
  SessionNotConnected,
  WhatsAppFailure,
  type WhatsAppPort
} from "@wagate/core"
import { Schema } from "effect"
import * as Entity from "effect/cluster/Entity"
import * as Rpc from "effect/rpc/Rpc"

/** Every method of the WhatsApp port that acts on one session, by name: what a `Call` may ask the owner to run. */
export const LIVE_METHODS = [
  "start",
  "connection",
  "linked",
  "requestQr",
  "requestPairingCode",
  "logout",
  "remove",
  "createGroup",
  "groupMetadata",
  "participatingGroups",
  "updateSubject",
  "updateDescription",
  "updateSettings",
  "leaveGroup",
  "updateParticipants",
  "inviteCode",
  "revokeInvite",
  "acceptInvite",
  "inviteInfo",
  "joinRequests",
  "updateJoinRequests",
  "createCommunity",
  "linkGroup",
  "unlinkGroup",
  "send",
  "sendPresence",
  "markRead"
] as const satisfies ReadonlyArray<keyof WhatsAppPort["Service"]>

export type LiveMethod = (typeof LIVE_METHODS)[number]

/** How a live action can fail, as the port says: the same classes on both sides of the wire. */
export const LiveError = Schema.Union([
  SessionNotConnected,
  WhatsAppFailure,
  NotFound,
  NotGroupMember,
  NotGroupAdmin,
  NotOnWhatsApp,
  InviteInvalid,
  NotACommunity
])

/**
 * A live action, run by the session's owner on its socket: the port method's name and its arguments after the
 * session id. The port's values are plain JSON (branded strings, arrays, records), so they cross as they are.
 */
export const Call = Rpc.make("Call", {
  payload: { method: Schema.Literals(LIVE_METHODS), args: Schema.Array(Schema.Unknown) },
  success: Schema.Unknown,
  error: LiveError
})

/** A message of the session was queued: its owner's drain looks at the queue now. */
export const Wake = Rpc.make("Wake")

/** Milliseconds until the session may send again, from its owner's rate limiter (0: now). */
export const RateDelay = Rpc.make("RateDelay", { success: Schema.Number })

/** Makes sure the session's entity is live; a linked session's socket opens with it. */
export const Ensure = Rpc.make("Ensure")

/**
 * Takes the session's one writer (ADR 0013) at its owner for a writer in another process: answers a lease once it
 * is held; held until `Release` or for `leaseMillis` at most (a caller that died lets go by itself).
 */
export const Hold = Rpc.make("Hold", { payload: { leaseMillis: Schema.Number }, success: Schema.String })

/** Lets go of a writer taken with `Hold`. */
export const Release = Rpc.make("Release", { payload: { lease: Schema.String } })

/**
 * A WhatsApp session as a cluster entity, keyed by session id (unique across the gateway, ADR 0004): its socket, its
 * outbox drain and its rate limit live wherever the cluster places it (ADR 0038).
 */
export const SessionEntity = Entity.make("WhatsAppSession", [Call, Wake, RateDelay, Ensure, Hold, Release])
