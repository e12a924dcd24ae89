import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, children, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Community, Group } from "../Group.ts"
import { adminGroup, existingGroup, type GroupCall, memberGroup } from "../GroupCall.ts"
import { admit } from "../membership.ts"
import { linkTargetNode, participantNode } from "../nodes.ts"
import { badRequest, conflict, notAcceptable, notAuthorized, notFound } from "../Refusal.ts"
import { membersOf } from "../users.ts"

const communityOf = (group: Group): Community => {
  if (group.community === undefined) throw notAcceptable(`${group.jid} is not a community`)
  return group.community
}

/** The group a `<group jid/>` names, checked for linking to a community. */
const linkable = (call: GroupCall, parent: Group, jid: string | undefined): Group => {
  const group = existingGroup(call, jid)
  if (group.community !== undefined || group.isAnnouncement) throw notAcceptable(`${group.jid} cannot be linked`)
  if (group.parent !== undefined && group.parent !== parent) throw conflict(`${group.jid} is in another community`)
  if (!group.isAdmin(call.actor)) throw notAuthorized(`${call.actor.jid} is not an admin of ${group.jid}`)
  return group
}

/**
 * `<links><link link_type="sub_group"><group jid/></link></links>` set to the community (Baileys
 * `communityLinkGroup`, whatsmeow `LinkGroup`): an admin of both links a plain group (406 for a community or an
 * announcement group, 409 for a group in another community). The community's members are told
 * `<link link_type="sub_group"><group/></link>`, the group's `<link link_type="parent_group">` (whatsmeow
 * `parseGroupChange` → `Link`, `parseGroupLinkTargetNode`); the group's members join the community.
 */
export const link = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const parent = adminGroup(call)
  const community = communityOf(parent)
  const links = children(child(call.iq, "links")).filter((c) => c.tag === "link")
  const groups = links.map((entry) => linkable(call, parent, child(entry, "group")?.attrs["jid"]))
  if (groups.length === 0) throw badRequest("links names no group")
  for (const group of groups) {
    if (group.parent === parent) continue
    group.parent = parent
    community.subGroups.add(group)
    call.notify.send(parent, membersOf(parent), call.actor, node("link", { link_type: "sub_group" }, [linkTargetNode(group)]))
    call.notify.send(group, membersOf(group), call.actor, node("link", { link_type: "parent_group" }, [linkTargetNode(parent)]))
    admit(call, parent, membersOf(group), { author: call.actor })
  }
  return [iqResult(call.iq, [node("links", {}, groups.map((group) =>
    node("link", { link_type: "sub_group" }, [node("group", { jid: group.jid })])))])]
}

/**
 * `<unlink unlink_type="sub_group"><group jid/></unlink>` set to the community (Baileys `communityUnlinkGroup`,
 * whatsmeow `UnlinkGroup`): a community admin; 404 for a group not linked to it. Both sides are told
 * `<unlink unlink_type unlink_reason="unlink_group"><group/></unlink>` (whatsmeow requires both attributes).
 * The group's members stay in the community.
 */
export const unlink = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const parent = adminGroup(call)
  const community = communityOf(parent)
  const request = child(call.iq, "unlink")!
  const group = existingGroup(call, child(request, "group")?.attrs["jid"])
  if (group.parent !== parent || group.isAnnouncement) throw notFound(`${group.jid} is not linked to ${parent.jid}`)
  group.parent = undefined
  community.subGroups.delete(group)
  const reason = { unlink_reason: "unlink_group" }
  call.notify.send(parent, membersOf(parent), call.actor,
    node("unlink", { unlink_type: "sub_group", ...reason }, [linkTargetNode(group)]))
  call.notify.send(group, membersOf(group), call.actor,
    node("unlink", { unlink_type: "parent_group", ...reason }, [linkTargetNode(parent)]))
  return [iqResult(call.iq, [node("unlink", { unlink_type: "sub_group" }, [node("group", { jid: group.jid })])])]
}

/**
 * `<sub_groups/>` get to the community (Baileys `communityFetchLinkedGroups`, whatsmeow `GetSubGroups`): its
 * announcement group (with `<default_sub_group/>`) and linked groups, each `<group id subject s_t creation
 * creator size>`; for members of the community (403 otherwise).
 */
export const subGroups = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const community = communityOf(memberGroup(call))
  const groups = [community.announcement, ...community.subGroups].filter((group) => group !== undefined)
  return [iqResult(call.iq, [node("sub_groups", {}, groups.map(linkTargetNode))])]
}

/**
 * `<linked_groups_participants/>` get to the community (whatsmeow `GetLinkedGroupsParticipants`, read with
 * `parseParticipantList`): every member of the community.
 */
export const linkedGroupsParticipants = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const parent = memberGroup(call)
  communityOf(parent)
  return [iqResult(call.iq, [node("linked_groups_participants", {},
    membersOf(parent).map((account) => participantNode(parent, account, false)))])]
}
