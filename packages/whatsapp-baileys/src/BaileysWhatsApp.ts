import { AuthStateStore, GroupStore, SessionStore, WhatsAppFailure, WhatsAppPort } from "@wagate/core"
import { Config, Effect, Layer, Option, Stream } from "effect"
import type { BaileysOptions } from "./BaileysOptions.ts"

/** What the transport needs from the core: credentials and keys, sessions (owners), stored groups. */
export type BaileysRequirements = AuthStateStore | GroupStore | SessionStore

const notYet = (what: string) => Effect.fail(new WhatsAppFailure({ message: `${what}: the Baileys transport is not built yet` }))

const make = Effect.fn("BaileysWhatsApp.make")(function*(_options: BaileysOptions) {
  yield* AuthStateStore
  yield* GroupStore
  yield* SessionStore
  return WhatsAppPort.of({
    start: () => notYet("start"),
    connection: () => Effect.succeed({ status: "disconnected", phoneJid: null }),
    requestQr: () => notYet("requestQr"),
    requestPairingCode: () => notYet("requestPairingCode"),
    logout: () => notYet("logout"),
    remove: () => notYet("remove"),
    createGroup: () => notYet("createGroup"),
    groupMetadata: () => notYet("groupMetadata"),
    updateSubject: () => notYet("updateSubject"),
    updateDescription: () => notYet("updateDescription"),
    updateSettings: () => notYet("updateSettings"),
    leaveGroup: () => notYet("leaveGroup"),
    updateParticipants: () => notYet("updateParticipants"),
    inviteCode: () => notYet("inviteCode"),
    revokeInvite: () => notYet("revokeInvite"),
    acceptInvite: () => notYet("acceptInvite"),
    inviteInfo: () => notYet("inviteInfo"),
    joinRequests: () => notYet("joinRequests"),
    updateJoinRequests: () => notYet("updateJoinRequests"),
    createCommunity: () => notYet("createCommunity"),
    linkGroup: () => notYet("linkGroup"),
    unlinkGroup: () => notYet("unlinkGroup"),
    send: () => notYet("send"),
    changes: Stream.empty
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
