import type { Account, Device } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import { deviceOfJid } from "../messages/addressing.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { children, node } from "../protocol/nodes.ts"
import { fourBytes, KEY_TYPE, preKeyNode, skeyNode } from "./keyNodes.ts"
import type { Phones } from "./Phones.ts"

/**
 * One device's pre-key bundle, handing out (and forgetting) one of its one-time pre-keys: `<user jid>` with
 * `registration` (4 bytes), `type` (5), `identity` (32 bytes), `skey` and, while any are left, `key`. Baileys'
 * `parseAndInjectE2ESessions` (Utils/signal.js) reads these children straight under `<user>`; whatsmeow's
 * `nodeToPreKeyBundle` (prekeys.go) reads them there or under `<keys>`, and takes the device from the `jid`.
 * A played phone gets fresh pre-keys when its pool runs dry; a companion's bundle goes without `key` until it
 * uploads more (libsignal accepts a bundle without a one-time pre-key).
 */
export const bundleNode = (jid: string, { account, device }: { readonly account: Account; readonly device: Device }, phones: Phones): BinaryNode => {
  if (device.id === 0) phones.refill(account)
  const { identityKey, preKeys, registrationId, signedPreKey } = device.keys
  const next = preKeys.entries().next()
  const content = [
    node("registration", {}, fourBytes(registrationId)),
    node("type", {}, KEY_TYPE),
    node("identity", {}, identityKey),
    skeyNode(signedPreKey)
  ]
  if (!next.done) {
    const [keyId, publicKey] = next.value
    preKeys.delete(keyId)
    content.push(preKeyNode(keyId, publicKey))
  }
  return node("user", { jid }, content)
}

/**
 * `<iq xmlns="encrypt" type="get"><key><user jid/>…</key></iq>` (Baileys `assertSessions`, whatsmeow
 * `fetchPreKeys`) → `<list><user jid>bundle</user>…</list>`; a device that does not exist gets
 * `<user jid><error code="404" text="item-not-found"/></user>` (whatsmeow reports it per user; Baileys'
 * `assertNodeErrorFree` fails the send).
 */
export const preKeyBundles = (key: BinaryNode | undefined, world: World, phones: Phones): BinaryNode =>
  node(
    "list",
    {},
    children(key).flatMap((user) => {
      const jid = user.attrs["jid"]
      if (user.tag !== "user" || jid === undefined) return []
      const found = deviceOfJid(world, jid)
      return [found ? bundleNode(jid, found, phones) : node("user", { jid }, [node("error", { code: "404", text: "item-not-found" })])]
    })
  )
