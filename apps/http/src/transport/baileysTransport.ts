import { type StorePorts, TransportOwnership, type WhatsAppPort } from "@wagate/core"
import { Effect, Layer } from "effect"
import { BaileysWhatsApp, resumeLinkedSessions } from "@wagate/whatsapp-baileys"
import { observerWhatsApp } from "./ObserverWhatsApp.ts"

/** Where the `baileys` transport connects (`WAGATE_WA_URL`) and the root it trusts (`WAGATE_WA_CERT_ROOT`). */
export interface WhatsAppEndpointSettings {
  /** WhatsApp's own socket URL when omitted. */
  readonly url?: string | undefined
  /** Base64 public key of the root that signs the server's certificates; WhatsApp's own when omitted. */
  readonly certRoot?: string | undefined
}

/**
 * The `baileys` transport, if this process owns the WhatsApp connections of its database; else the observer,
 * which opens no socket (said in one line at start-up).
 */
export const baileysTransport = (
  endpoint: WhatsAppEndpointSettings
): Layer.Layer<WhatsAppPort, never, TransportOwnership | StorePorts> =>
  Layer.unwrap(Effect.gen(function*() {
    const { ownership } = yield* TransportOwnership
    if (ownership._tag === "Observer") {
      yield* Effect.logWarning(
        `${ownership.holder} owns the WhatsApp connections of this database: this process opens no socket, serves stored data, and answers live actions 501 (until a later version distributes sessions over processes)`
      )
      return observerWhatsApp(ownership.holder)
    }
    // A certificate root of our own is announced by the adapter itself, in one line at start-up.
    // Every session linked before this start reconnects from its stored credentials, a few at a time.
    return resumeLinkedSessions().pipe(
      Layer.provideMerge(BaileysWhatsApp.layer({ socketUrl: endpoint.url, certRootPublicKey: endpoint.certRoot }))
    )
  }))
