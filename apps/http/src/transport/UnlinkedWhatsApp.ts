import { type SessionId, SessionNotConnected, WhatsAppPort } from "@wagate/core"
import { Effect, Layer, Stream } from "effect"

const notConnected = (sessionId: SessionId) => Effect.fail(new SessionNotConnected({ sessionId, status: "disconnected" }))

/**
 * The `baileys` transport until the Baileys adapter lands: the gateway starts, stored data is served, and every
 * live action answers "not connected" (501). It is said loudly at start-up, never silently.
 */
export const UnlinkedWhatsApp = Layer.effect(
  WhatsAppPort,
  Effect.gen(function*() {
    yield* Effect.logWarning(
      "WAGATE_TRANSPORT=baileys: the Baileys adapter is not part of this build yet; sessions stay disconnected and live actions answer 501. Set WAGATE_TRANSPORT=simulator to try the whole API."
    )
    const disconnected = { status: "disconnected" as const, phoneJid: null, lid: null }
    return WhatsAppPort.of({
      start: () => Effect.succeed(disconnected),
      connection: () => Effect.succeed(disconnected),
      requestQr: notConnected,
      requestPairingCode: notConnected,
      logout: () => Effect.void,
      remove: () => Effect.void,
      createGroup: notConnected,
      groupMetadata: notConnected,
      updateSubject: notConnected,
      updateDescription: notConnected,
      updateSettings: notConnected,
      leaveGroup: notConnected,
      updateParticipants: notConnected,
      inviteCode: notConnected,
      revokeInvite: notConnected,
      acceptInvite: notConnected,
      inviteInfo: notConnected,
      joinRequests: notConnected,
      updateJoinRequests: notConnected,
      createCommunity: notConnected,
      linkGroup: notConnected,
      unlinkGroup: notConnected,
      send: notConnected,
      changes: Stream.empty
    })
  })
)

