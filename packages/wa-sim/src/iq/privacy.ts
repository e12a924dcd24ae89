import { child, children, node } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/**
 * `privacy`: the account's privacy settings as `<privacy><category name value/>…` (Baileys
 * `fetchPrivacySettings` reads them with `reduceBinaryNodeToDictionary(…, 'category')`); a set changes them.
 */
export const privacy: IqHandler = (iq, { account }) => {
  if (iq.attrs["type"] === "get") {
    return iqResult(iq, [
      node("privacy", {}, [...account.privacy].map(([name, value]) => node("category", { name, value })))
    ])
  }
  const categories = children(child(iq, "privacy")).filter((c) => c.tag === "category")
  if (categories.length === 0) return iqError(iq, 400, "bad-request")
  for (const category of categories) {
    const { name, value } = category.attrs
    if (name !== undefined && value !== undefined) account.privacy.set(name, value)
  }
  return iqResult(iq)
}
