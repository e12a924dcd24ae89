import {
  type AuthJson,
  AuthStateStore,
  type GroupStore,
  isGroupJid,
  type NotFound,
  type NotGroupAdmin,
  type NotGroupMember,
  type SessionId,
  type SessionStore,
  WhatsAppFailure,
  WhatsAppPort
} from "@wagate/core"
import type { WASocket } from "@whiskeysockets/baileys"
import { Config, Effect, Layer, Option, Stream } from "effect"
import * as Actions from "./actions/index.ts"
import { call, groupCall } from "./actions/call.ts"
import * as Communities from "./actions/communities.ts"
import type { BaileysOptions } from "./BaileysOptions.ts"
import type { PhoneOf } from "./groups/toGroupInfo.ts"
import { incomingChange, ownAccountOf } from "./inbound/incomingMessages.ts"
import { rememberPoll } from "./inbound/pollVotes.ts"
import { makeSessionManager } from "./sessions/SessionManager.ts"

/** What the transport needs from the core: credentials and keys, sessions (owners), stored groups. */
export type BaileysRequirements = AuthStateStore | GroupStore | SessionStore

/** Whether stored credentials name the account they were paired with (`me`, set by WhatsApp's pair-success). */
const namesAnAccount = (credentials: AuthJson): boolean =>
  typeof credentials === "object" && credentials !== null && !Array.isArray(credentials) &&
  typeof Reflect.get(credentials, "me") === "object" && Reflect.get(credentials, "me") !== null

/** A refusal about the group just made is, for its maker, WhatsApp failing the creation. */
const asSessionFailure = (error: WhatsAppFailure | NotFound | NotGroupAdmin | NotGroupMember): WhatsAppFailure =>
  error._tag === "WhatsAppFailure" ? error : new WhatsAppFailure({ message: error.message })

const make = Effect.fn("BaileysWhatsApp.make")(function*(options: BaileysOptions) {
  const manager = yield* makeSessionManager(options)

  /** Runs a live action on the session's open socket (`SessionNotConnected` otherwise). */
  const live = <A, E>(sessionId: SessionId, action: (sock: WASocket, phoneOf: PhoneOf) => Effect.Effect<A, E>) =>
    Effect.flatMap(manager.get(sessionId).socket, (sock) => action(sock, manager.get(sessionId).phoneOf))

  return WhatsAppPort.of({
    start: (sessionId) => manager.get(sessionId).start,
    connection: (sessionId) => manager.get(sessionId).connection,
    // Baileys' credentials name the account (`me`) from the pairing on, until a logout wipes them.
    linked: (sessionId) =>
      manager.remember(
        Effect.flatMap(AuthStateStore, (store) => store.loadCredentials(sessionId)).pipe(
          Effect.map(Option.match({ onNone: () => false, onSome: namesAnAccount })),
          Effect.orElseSucceed(() => false)
        )
      ),
    requestQr: (sessionId) => manager.get(sessionId).requestQr,
    requestPairingCode: (sessionId, phone) => manager.get(sessionId).requestPairingCode(phone),
    logout: (sessionId) => manager.get(sessionId).logout,
    remove: (sessionId) => Effect.andThen(manager.get(sessionId).logout, manager.forget(sessionId)),
    release: (sessionId) => Effect.andThen(manager.get(sessionId).release, manager.forget(sessionId)),
    createGroup: (sessionId, group) =>
      live(sessionId, (sock, phoneOf) => Actions.createGroup(sock, group, phoneOf).pipe(Effect.mapError(asSessionFailure))),
    groupMetadata: (sessionId, groupJid) => live(sessionId, (sock, phoneOf) => Actions.groupMetadata(sock, groupJid, phoneOf)),
    participatingGroups: (sessionId) => live(sessionId, (sock, phoneOf) => Actions.participatingGroups(sock, phoneOf)),
    updateSubject: (sessionId, groupJid, subject) =>
      live(sessionId, (sock) => groupCall("the subject", groupJid, () => sock.groupUpdateSubject(groupJid, subject))),
    updateDescription: (sessionId, groupJid, description) =>
      live(sessionId, (sock) => groupCall("the description", groupJid, () => sock.groupUpdateDescription(groupJid, description ?? undefined))),
    updateSettings: (sessionId, groupJid, settings) => live(sessionId, (sock) => Actions.updateSettings(sock, groupJid, settings)),
    leaveGroup: (sessionId, groupJid) => live(sessionId, (sock) => groupCall("leaving the group", groupJid, () => sock.groupLeave(groupJid))),
    updateParticipants: (sessionId, groupJid, action, participants) =>
      live(sessionId, (sock) =>
        Actions.updateParticipants(sock, groupJid, action, participants, manager.storedAddressing(sessionId, groupJid))),
    inviteCode: (sessionId, groupJid) => live(sessionId, (sock) => Actions.inviteCode(sock, groupJid)),
    revokeInvite: (sessionId, groupJid) => live(sessionId, (sock) => Actions.revokeInvite(sock, groupJid)),
    acceptInvite: (sessionId, code) => live(sessionId, (sock) => Actions.acceptInvite(sock, code)),
    inviteInfo: (sessionId, code) => live(sessionId, (sock) => Actions.inviteInfo(sock, code)),
    joinRequests: (sessionId, groupJid) => live(sessionId, (sock, phoneOf) => Actions.joinRequests(sock, groupJid, phoneOf)),
    updateJoinRequests: (sessionId, groupJid, action, participants) =>
      live(sessionId, (sock) =>
        Actions.updateJoinRequests(sock, groupJid, action, participants, manager.storedAddressing(sessionId, groupJid))),
    createCommunity: (sessionId, community) =>
      live(sessionId, (sock, phoneOf) => Communities.createCommunity(sock, community, phoneOf).pipe(Effect.mapError(asSessionFailure))),
    linkGroup: (sessionId, communityJid, groupJid) =>
      live(sessionId, (sock, phoneOf) => Communities.linkGroup(sock, communityJid, groupJid, phoneOf)),
    unlinkGroup: (sessionId, communityJid, groupJid) =>
      live(sessionId, (sock, phoneOf) => Communities.unlinkGroup(sock, communityJid, groupJid, phoneOf)),
    send: (sessionId, message) =>
      live(sessionId, (sock, phoneOf) =>
        Effect.gen(function*() {
          const { message: built, sent } = yield* Actions.send(sock, message, options.queryTimeoutMs ?? 20_000)
          if (built === undefined) return sent
          if (message.type === "poll") yield* manager.remember(rememberPoll(sessionId, built, message.options))
          const echo = incomingChange(sessionId, built, ownAccountOf(sock), phoneOf, true)
          if (echo !== undefined) manager.emit(echo)
          return sent
        })),
    // Baileys sends a `<chatstate>` for each of these (recording as `<composing media="audio"/>`); WhatsApp
    // answers nothing, so the call resolves once the stanza is written.
    sendPresence: (sessionId, chat, state) =>
      live(sessionId, (sock) => call("the chat presence", () => sock.sendPresenceUpdate(state, chat))),
    // Baileys sends one `<receipt type="read">` per chat and sender for these keys.
    markRead: (sessionId, chat, messages) =>
      live(sessionId, (sock) =>
        call("the read receipts", () =>
          sock.readMessages(messages.map((m) => ({
            remoteJid: chat,
            id: m.waMessageId,
            fromMe: false,
            ...(isGroupJid(chat) ? { participant: m.sender } : {})
          }))))),
    changes: Stream.fromQueue(manager.changes)
  })
})

/** The `WhatsAppPort` on Baileys: one socket per session in this process, auth state in the store. */
export const BaileysWhatsApp = {
  /** The transport with the given options; its sockets close with the layer's scope. */
  layer: (options: BaileysOptions = {}): Layer.Layer<WhatsAppPort, never, BaileysRequirements> =>
    Layer.effect(WhatsAppPort, make(options)),

  /** The transport configured from `WAGATE_WA_URL` and `WAGATE_WA_CERT_ROOT` (API.md). */
  layerConfig: (options: Omit<BaileysOptions, "socketUrl" | "certRootPublicKey"> = {}): Layer.Layer<
    WhatsAppPort,
    Config.ConfigError,
    BaileysRequirements
  > =>
    Layer.unwrap(Effect.gen(function*() {
      const socketUrl = yield* Config.option(Config.String("WAGATE_WA_URL"))
      const certRootPublicKey = yield* Config.option(Config.String("WAGATE_WA_CERT_ROOT"))
      return BaileysWhatsApp.layer({
        ...options,
        socketUrl: Option.getOrUndefined(socketUrl),
        certRootPublicKey: Option.getOrUndefined(certRootPublicKey)
      })
    }))
}
