import { GroupJid, InboundChange, isGroupJid, type SessionId } from "@wagate/core"
import { type BinaryNode, getBinaryNodeChild, getBinaryNodeChildren, jidNormalizedUser } from "@whiskeysockets/baileys"

const groupJidOf = (jid: string | undefined): GroupJid | undefined => {
  const normalized = jid === undefined ? "" : jidNormalizedUser(jid)
  return isGroupJid(normalized) ? GroupJid.make(normalized) : undefined
}

/**
 * A `w:gp2` notification's community links as `CommunityLinkChanged` (Baileys rc14 emits nothing for them):
 * `<link link_type="sub_group"><group jid/>` to the community's members, `<link link_type="parent_group"><group
 * jid/>` to the group's; `<unlink unlink_type=…>` alike.
 */
export const communityLinkChanges = (sessionId: SessionId, node: BinaryNode): Array<InboundChange> => {
  const from = groupJidOf(node.attrs["from"])
  if (from === undefined) return []
  const out: Array<InboundChange> = []
  for (const tag of ["link", "unlink"] as const) {
    for (const child of getBinaryNodeChildren(node, tag)) {
      const type = child.attrs[tag === "link" ? "link_type" : "unlink_type"]
      const other = groupJidOf(getBinaryNodeChild(child, "group")?.attrs["jid"])
      if (other === undefined) continue
      const linked = tag === "link"
      if (type === "sub_group") out.push(InboundChange.CommunityLinkChanged({ sessionId, communityJid: from, groupJid: other, linked }))
      if (type === "parent_group") out.push(InboundChange.CommunityLinkChanged({ sessionId, communityJid: other, groupJid: from, linked }))
    }
  }
  return out
}
