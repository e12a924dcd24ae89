import { node } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/** `blocklist`: nobody is blocked in the simulated world yet (Baileys `fetchBlocklist` reads `<list><item jid/>`). */
export const blocklist: IqHandler = (iq) =>
  iq.attrs["type"] === "get" ? iqResult(iq, [node("list", {}, [])]) : iqError(iq, 501, "feature-not-implemented")
