import { child } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/**
 * `md`: the companion logs itself out with `<remove-companion-device jid reason="user_initiated"/>`
 * (Baileys `logout`, whatsmeow `Logout`): the device is removed from its account and its socket closed.
 */
export const md: IqHandler = (iq, { device, removeDevice }) => {
  const remove = child(iq, "remove-companion-device")
  if (iq.attrs["type"] !== "set" || remove === undefined) return iqError(iq, 501, "feature-not-implemented")
  if (remove.attrs["jid"] !== device.jid) return iqError(iq, 403, "forbidden")
  removeDevice()
  return iqResult(iq)
}
