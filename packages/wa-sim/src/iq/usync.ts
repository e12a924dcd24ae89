import type { Account } from "../accounts/Account.ts"
import { type Address, parseAddress } from "../accounts/addresses.ts"
import type { World } from "../accounts/World.ts"
import { accountOfJid } from "../messages/addressing.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { child, children, contentBytes, node } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

interface Queried {
  /** The user as the query named it (`jid` attribute, or the phone of a `<contact>` query). */
  readonly address: Address | undefined
  readonly account: Account | undefined
  /** The `<contact>` content as sent (echoed back, as whatsmeow's `IsOnWhatsApp` reads `Query` from it). */
  readonly contactQuery: Uint8Array | undefined
}

const phoneOfContact = (content: Uint8Array | undefined): Address | undefined => {
  if (content === undefined) return undefined
  const text = new TextDecoder().decode(content).replace(/@c\.us$/, "")
  const address = parseAddress(text)
  return address?.server === "s.whatsapp.net" ? { ...address, device: undefined } : undefined
}

const queried = (world: World, user: BinaryNode): Queried => {
  const jid = user.attrs["jid"]
  const contactQuery = contentBytes(child(user, "contact"))
  const named = jid === undefined ? phoneOfContact(contactQuery) : jid.includes("@") ? parseAddress(jid) : undefined
  const address = named === undefined ? undefined : { ...named, device: undefined }
  const account = address === undefined ? undefined : accountOfJid(world, `${address.user}@${address.server}`)
  return { address, account, contactQuery }
}

/**
 * `<devices>`: `<device-list><device id="0"/><device id key-index/>…</device-list>`: the phone and every linked
 * companion. Baileys' `USyncDeviceProtocol.parser` + `extractDeviceJids` (Utils/signal.js) drop a non-zero device
 * without `key-index`; whatsmeow's `parseDeviceList` (user.go) reads `id`. Without the phone (device 0) a
 * send fails. The signed `key-index-list` is left out: neither client requires it.
 */
const devicesNode = (account: Account | undefined): BinaryNode =>
  node("devices", {}, [
    node(
      "device-list",
      {},
      account === undefined
        ? []
        : [...account.devices.values()].map((device) =>
          node("device", { id: String(device.id), "key-index": device.id === 0 ? undefined : String(device.keyIndex) })
        )
    )
  ])

/**
 * `usync`: what the server knows of users, per protocol asked for in `<query>`. Answers `devices` (Baileys
 * `getUSyncDevices` before every send, whatsmeow `GetUserDevices`), `lid` (`<lid val>`: the LID of a user named
 * by phone number; Baileys stores the mapping and addresses Signal sessions by LID) and `contact` (`<contact
 * type="in|out">`, Baileys `onWhatsApp`, whatsmeow `IsOnWhatsApp`, which asks `addressing_mode="lid"` and then
 * reads the LID from `jid` and the number from `pn_jid`). Other protocols (status, picture, business…) are left
 * out of each user, which both clients read as "nothing known". Request and reply shapes: Baileys
 * `executeUSyncQuery` (Socket/socket.js) and `USyncQuery.parseUSyncQueryResult`; whatsmeow `usync` (user.go).
 */
export const usync: IqHandler = (iq, { world }) => {
  const request = child(iq, "usync")
  const list = child(request, "list")
  if (iq.attrs["type"] !== "get" || request === undefined || list === undefined) return iqError(iq, 400, "bad-request")
  const protocols = children(child(request, "query"))
  const contactProtocol = protocols.find((p) => p.tag === "contact")
  const lidAddressed = contactProtocol?.attrs["addressing_mode"] === "lid"
  const users = children(list).filter((user) => user.tag === "user").map((user) => queried(world, user))
  const userNode = ({ account, address, contactQuery }: Queried): BinaryNode | undefined => {
    if (address === undefined) return undefined
    const named = address.server === "lid" ? `${address.user}@lid` : `${address.user}@s.whatsapp.net`
    const content = protocols.flatMap((protocol): ReadonlyArray<BinaryNode> => {
      switch (protocol.tag) {
        case "devices":
          return [devicesNode(account)]
        case "lid":
          return account !== undefined && address.server !== "lid" ? [node("lid", { val: account.lid })] : []
        case "contact":
          return [node("contact", { type: account === undefined ? "out" : "in" }, contactQuery)]
        default:
          return []
      }
    })
    return lidAddressed && account !== undefined
      ? node("user", { jid: account.lid, pn_jid: account.jid }, content)
      : node("user", { jid: named }, content)
  }
  return iqResult(iq, [
    node(
      "usync",
      {
        sid: request.attrs["sid"],
        context: request.attrs["context"],
        mode: request.attrs["mode"],
        last: "true",
        index: "0"
      },
      [node("list", {}, users.flatMap((user) => userNode(user) ?? []))]
    )
  ])
}
