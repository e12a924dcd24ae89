import { type SessionId, SessionNotConnected, WhatsAppPort } from "@wagate/core"
import { Effect, Layer, Stream } from "effect"

/**
 * The transport of a gateway that does not own the WhatsApp connections of its database (another process holds
 * them, see `TransportOwnership`): it opens no socket, stored reads are served as usual, and every live action
 * answers "not connected" (501) saying why.
 */
export const observerWhatsApp = (holder: string): Layer.Layer<WhatsAppPort> => {
  const reason = `this gateway process does not own the WhatsApp connections of its database (${holder} does); send live actions to that process`
  const disconnected = { status: "disconnected" as const, phoneJid: null, lid: null, reason }
  const notOwned = (sessionId: SessionId) => Effect.fail(new SessionNotConnected({ sessionId, status: "disconnected", reason }))
  return Layer.succeed(
    WhatsAppPort,
    WhatsAppPort.of({
      start: () => Effect.succeed(disconnected),
      connection: () => Effect.succeed(disconnected),
      requestQr: notOwned,
      requestPairingCode: notOwned,
      // The owner holds the socket: logging out or removing is its to do; the stored side is the use-case's.
      logout: () => Effect.void,
      remove: () => Effect.void,
      createGroup: notOwned,
      groupMetadata: notOwned,
      participatingGroups: notOwned,
      updateSubject: notOwned,
      updateDescription: notOwned,
      updateSettings: notOwned,
      leaveGroup: notOwned,
      updateParticipants: notOwned,
      inviteCode: notOwned,
      revokeInvite: notOwned,
      acceptInvite: notOwned,
      inviteInfo: notOwned,
      joinRequests: notOwned,
      updateJoinRequests: notOwned,
      createCommunity: notOwned,
      linkGroup: notOwned,
      unlinkGroup: notOwned,
      send: notOwned,
      sendPresence: notOwned,
      markRead: notOwned,
      changes: Stream.empty
    })
  )
}
