import type { StorePorts, WhatsAppPort } from "@wagate/core"
import { Layer } from "effect"
import { BaileysWhatsApp } from "@wagate/whatsapp-baileys"

/** Where the `baileys` transport connects (`WAGATE_WA_URL`) and the root it trusts (`WAGATE_WA_CERT_ROOT`). */
export interface WhatsAppEndpointSettings {
  /** WhatsApp's own socket URL when omitted. */
  readonly url?: string | undefined
  /** Base64 public key of the root that signs the server's certificates; WhatsApp's own when omitted. */
  readonly certRoot?: string | undefined
}

/**
 * This process's Baileys sockets: the sessions the cluster places here open on them (ADR 0038). A certificate root
 * of our own is announced by the adapter itself, in one line at start-up.
 */
export const baileysTransport = (endpoint: WhatsAppEndpointSettings): Layer.Layer<WhatsAppPort, never, StorePorts> =>
  BaileysWhatsApp.layer({ socketUrl: endpoint.url, certRootPublicKey: endpoint.certRoot })
