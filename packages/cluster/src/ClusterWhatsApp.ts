import { type SessionId, WhatsAppFailure, WhatsAppPort } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"
import { LocalWhatsApp } from "./LocalTransport.ts"
import { isLiveFailure, type LiveArgs, plain, type LiveFailureOf, type LiveSuccess } from "./liveCall.ts"
import { type LiveMethod, SessionEntity } from "./SessionEntity.ts"

/**
 * How long a live action may wait for its session's owner: through a failover the call waits until the session's
 * shard has a new owner; past this it answers a retryable failure rather than hold the caller.
 */
const CALL_TIMEOUT = Duration.seconds(45)

const unreachable = (sessionId: SessionId, why: string) =>
  new WhatsAppFailure({ message: `the process that owns session ${sessionId} could not be reached (${why}); retry`, retryable: true })

/**
 * The hexagon's WhatsApp port in a cluster (ADR 0038): every live action is a `Call` to the session's entity, run
 * by whichever process owns the session now (this one, or another runner). What WhatsApp pushes comes from this
 * process's own sockets (`changes`), and is applied here, by the owner.
 */
export const ClusterWhatsApp: Layer.Layer<WhatsAppPort, never, LocalWhatsApp | import("effect/cluster/Sharding").Sharding> = Layer.effect(
  WhatsAppPort,
  Effect.gen(function*() {
    const local = yield* LocalWhatsApp
    const client = yield* SessionEntity.client

    const call = <K extends LiveMethod>(method: K, sessionId: SessionId, ...args: LiveArgs<K>) =>
      client(sessionId).Call({ method, args: args.map(plain) }).pipe(
        Effect.timeoutOrElse({ duration: CALL_TIMEOUT, orElse: () => Effect.fail(unreachable(sessionId, "timed out")) }),
        Effect.catch((error) => isLiveFailure(error) ? Effect.fail(error) : Effect.fail(unreachable(sessionId, error._tag))),
        // The owner ran this very method, so its value and its failure are this method's.
        Effect.map((value) => value as LiveSuccess<K>),
        Effect.mapError((error) => error as LiveFailureOf<K> | WhatsAppFailure)
      )

    return WhatsAppPort.of({
      start: (sessionId) => call("start", sessionId),
      // A local read on the owner; the owner out of reach reads as disconnected, saying why.
      connection: (sessionId) =>
        call("connection", sessionId).pipe(
          Effect.catch((error) => Effect.succeed({ status: "disconnected" as const, phoneJid: null, lid: null, reason: error.message }))
        ),
      linked: (sessionId) => call("linked", sessionId).pipe(Effect.orElseSucceed(() => false)),
      requestQr: (sessionId) => call("requestQr", sessionId),
      requestPairingCode: (sessionId, phone) => call("requestPairingCode", sessionId, phone),
      logout: (sessionId) => call("logout", sessionId),
      remove: (sessionId) => call("remove", sessionId),
      // Hand-overs are the cluster's to make, by moving shards: nothing to do from the outside.
      release: () => Effect.void,
      createGroup: (sessionId, group) => call("createGroup", sessionId, group),
      groupMetadata: (sessionId, groupJid) => call("groupMetadata", sessionId, groupJid),
      participatingGroups: (sessionId) => call("participatingGroups", sessionId),
      updateSubject: (sessionId, groupJid, subject) => call("updateSubject", sessionId, groupJid, subject),
      updateDescription: (sessionId, groupJid, description) => call("updateDescription", sessionId, groupJid, description),
      updateSettings: (sessionId, groupJid, settings) => call("updateSettings", sessionId, groupJid, settings),
      leaveGroup: (sessionId, groupJid) => call("leaveGroup", sessionId, groupJid),
      updateParticipants: (sessionId, groupJid, action, participants) =>
        call("updateParticipants", sessionId, groupJid, action, participants),
      inviteCode: (sessionId, groupJid) => call("inviteCode", sessionId, groupJid),
      revokeInvite: (sessionId, groupJid) => call("revokeInvite", sessionId, groupJid),
      acceptInvite: (sessionId, code) => call("acceptInvite", sessionId, code),
      inviteInfo: (sessionId, code) => call("inviteInfo", sessionId, code),
      joinRequests: (sessionId, groupJid) => call("joinRequests", sessionId, groupJid),
      updateJoinRequests: (sessionId, groupJid, action, participants) =>
        call("updateJoinRequests", sessionId, groupJid, action, participants),
      createCommunity: (sessionId, community) => call("createCommunity", sessionId, community),
      linkGroup: (sessionId, communityJid, groupJid) => call("linkGroup", sessionId, communityJid, groupJid),
      unlinkGroup: (sessionId, communityJid, groupJid) => call("unlinkGroup", sessionId, communityJid, groupJid),
      send: (sessionId, message) => call("send", sessionId, message),
      sendPresence: (sessionId, chat, state) => call("sendPresence", sessionId, chat, state),
      markRead: (sessionId, chat, messages) => call("markRead", sessionId, chat, messages),
      changes: local.changes
    })
  })
)
