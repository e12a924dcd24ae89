import { child, node } from "../protocol/nodes.ts"
import { iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/**
 * `passive`: a client logs in passive (`ClientPayload.passive`) and says `<active/>` once it is ready
 * (Baileys `sendPassiveIq('active')` after `<success>`, whatsmeow `SetPassive(false)`). Only then does the
 * server hand over what waited for the device while it was offline, and closes the batch with
 * `<ib><offline count/></ib>` (Baileys `CB:ib,,offline` → `receivedPendingNotifications`, whatsmeow
 * `handleIB` → `OfflineSyncCompleted`).
 */
export const passive: IqHandler = (iq, { device, outbox }) => {
  if (child(iq, "active") === undefined) return iqResult(iq)
  const queued = outbox.handOver(device)
  return [iqResult(iq), ...queued, node("ib", {}, [node("offline", { count: String(queued.length) })])]
}
