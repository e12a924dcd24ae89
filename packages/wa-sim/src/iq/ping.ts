import { iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/** `w:p`: the client's keep-alive `<ping/>` every 30 s (Baileys `startKeepAliveRequest`, whatsmeow keepalive.go). */
export const ping: IqHandler = (iq) => iqResult(iq)
