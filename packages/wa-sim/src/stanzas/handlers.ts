import { dispatchIq } from "../iq/dispatch.ts"
import { iqHandlers } from "../iq/handlers.ts"
import { messageStanzaHandlers } from "../messages/stanzaHandlers.ts"
import type { StanzaHandler } from "./StanzaHandler.ts"

/**
 * The stanzas a logged-in device sends, by tag; a tag without a handler is read and ignored (the Simulator logs
 * it at debug level).
 */
export const stanzaHandlers: Readonly<Record<string, StanzaHandler>> = {
  iq: (iq, context) => {
    const type = iq.attrs["type"]
    return type === "get" || type === "set" ? dispatchIq(iqHandlers, iq, context) : []
  },
  // `unified_session` telemetry and `offline_batch` requests: WhatsApp answers neither.
  ib: () => [],
  // The client acks what the server pushed (`<ack id class to [type] [participant]>`): the outbox stops
  // redelivering it.
  ack: (ack, { device, outbox }) => {
    outbox.acknowledge(device, ack)
    return []
  },
  ...messageStanzaHandlers
}
