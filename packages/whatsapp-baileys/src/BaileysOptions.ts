import type { SocketConfig } from "@whiskeysockets/baileys"

/** Baileys' logger interface (pino-shaped). */
export type BaileysLogger = SocketConfig["logger"]

/** WhatsApp's own Web socket URL (Baileys' default). */
export const WHATSAPP_WEB_URL = "wss://web.whatsapp.com/ws/chat"

/** How the Baileys transport connects, logs and paces itself. */
export interface BaileysOptions {
  /** Where the sockets connect; WhatsApp's own Web socket when omitted (a simulator's for the sandbox). */
  readonly socketUrl?: string | undefined
  /**
   * The base64 public key of the root that signs the server's certificate chain. For simulators only: Baileys
   * trusts it process-wide (`WA_CERT_DETAILS`), so the layer refuses it without a `socketUrl`.
   */
  readonly certRootPublicKey?: string | undefined
  /** Baileys' own logger (pino-shaped); silent when omitted. Never at `trace`: Baileys logs frames there. */
  readonly logger?: BaileysLogger | undefined
  /** How many sockets may be opening at once (start-up of many sessions); 8 when omitted. */
  readonly startConcurrency?: number | undefined
  /** Backoff between reconnection attempts after a transient close. */
  readonly reconnect?: {
    /** The first delay; 1 second when omitted. */
    readonly initialDelayMs?: number | undefined
    /** The longest delay; 60 seconds when omitted. */
    readonly maxDelayMs?: number | undefined
  } | undefined
  /** How long a WhatsApp query may take before it is a retryable failure; 20 seconds when omitted. */
  readonly queryTimeoutMs?: number | undefined
}
