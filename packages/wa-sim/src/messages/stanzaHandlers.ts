import type { StanzaHandler } from "../stanzas/StanzaHandler.ts"

/** The message stanzas of a logged-in device: `message`, `receipt` and `chatstate` go to the router. */
export const messageStanzaHandlers: Readonly<Record<string, StanzaHandler>> = {
  message: (stanza, { account, connection, device, messaging }) => {
    messaging.fromClient({ account, device }, connection, stanza)
    return []
  },
  receipt: (stanza, { account, connection, device, messaging }) => {
    messaging.receiptFromClient({ account, device }, connection, stanza)
    return []
  },
  // Typing and recording (`sendPresenceUpdate`): WhatsApp answers nothing.
  chatstate: (stanza, { account, device, messaging }) => {
    messaging.chatStateFromClient({ account, device }, stanza)
    return []
  }
}
