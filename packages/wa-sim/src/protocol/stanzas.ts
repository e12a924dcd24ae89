import { type BinaryNode, S_WHATSAPP_NET } from "./baileys.ts"
import { node } from "./nodes.ts"

/** The server's answer to an IQ: `<iq type="result" id from="s.whatsapp.net">`, with optional children. */
export const iqResult = (iq: BinaryNode, content?: ReadonlyArray<BinaryNode>): BinaryNode =>
  node("iq", { type: "result", id: iq.attrs["id"], from: iq.attrs["to"] ?? S_WHATSAPP_NET }, content ? [...content] : undefined)

/**
 * An IQ error: `<iq type="error"><error code text/></iq>`. Baileys' `assertNodeErrorFree`
 * (WABinary/generic-utils.js) turns it into a Boom with `data` = code; whatsmeow's `parseIQError` (errors.go) reads the same.
 */
export const iqError = (iq: BinaryNode, code: number, text: string): BinaryNode =>
  node("iq", { type: "error", id: iq.attrs["id"], from: iq.attrs["to"] ?? S_WHATSAPP_NET }, [
    node("error", { code: String(code), text })
  ])

/** A server-initiated IQ to the client. */
export const serverIq = (id: string, type: "get" | "set", xmlns: string, content: ReadonlyArray<BinaryNode>): BinaryNode =>
  node("iq", { from: S_WHATSAPP_NET, type, id, xmlns }, [...content])

/** After pairing, WhatsApp asks the client to reconnect with its new credentials: `<stream:error code="515"/>`. */
export const restartRequired = (): BinaryNode => node("stream:error", { code: "515" })

/** Another socket logged in as the same device: `<stream:error><conflict type="replaced"/></stream:error>`. */
export const replaced = (): BinaryNode => node("stream:error", {}, [node("conflict", { type: "replaced" })])

/** The phone removed this device while it was connected. */
export const deviceRemoved = (): BinaryNode =>
  node("stream:error", { code: "401" }, [node("conflict", { type: "device_removed" })])

/** A login refused at connect time: `<failure reason="401"/>` means the device is not (or no longer) linked. */
export const failure = (reason: number): BinaryNode => node("failure", { reason: String(reason), location: "sim" })
