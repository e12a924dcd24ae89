import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Group } from "../Group.ts"
import { adminGroup, type GroupAct, type GroupCall, memberGroup } from "../GroupCall.ts"
import { admit } from "../membership.ts"
import { groupNode, participantNode } from "../nodes.ts"
import { gone, notAcceptable, notAuthorized } from "../Refusal.ts"

/**
 * `<invite/>` get to the group (Baileys `groupInviteCode`, whatsmeow `GetGroupInviteLink`): `<invite code/>`,
 * the same code until it is revoked. Admins, or every member when members may add others; otherwise 401
 * (whatsmeow `ErrGroupInviteLinkUnauthorized`).
 */
export const inviteCode = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = memberGroup(call)
  if (!group.isAdmin(call.actor) && group.memberAddMode !== "all_member_add") {
    throw notAuthorized(`${call.actor.jid} may not share the invite of ${group.jid}`)
  }
  return [iqResult(call.iq, [node("invite", { code: call.groups.inviteCodeOf(group) })])]
}

/**
 * `<invite/>` set to the group (Baileys `groupRevokeInvite`, whatsmeow `GetGroupInviteLink(reset)`): admins
 * only; a new `<invite code/>`, the old code answers 410 from then on. The other admins are told
 * `<invite code/>` (Baileys: `GROUP_CHANGE_INVITE_LINK` → `groups.update {inviteCode}`).
 */
export const revokeInvite = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  const code = call.groups.revokeInvite(group)
  call.notify.send(group, group.admins, call.actor, node("invite", { code }))
  return [iqResult(call.iq, [node("invite", { code })])]
}

/** The group an invite code opens: 406 for a code that never existed, 410 for a revoked one (whatsmeow's mapping). */
export const groupOfCode = (call: GroupAct, code: string | undefined): Group => {
  const found = call.groups.lookupInvite(code ?? "")
  if (found.kind === "revoked") throw gone("the invite link was revoked")
  if (found.kind === "unknown") throw notAcceptable("no such invite link")
  return found.group
}

/**
 * `<invite code/>` get to `@g.us` (Baileys `groupGetInviteInfo`, whatsmeow `GetGroupInfoFromLink`): the
 * group's `<group>` with its size and settings but without the member list, for anyone with the code.
 */
export const inviteInfo = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = groupOfCode(call, child(call.iq, "invite")?.attrs["code"])
  return [iqResult(call.iq, [groupNode(group, { participants: group.isMember(call.actor) })])]
}

/**
 * `<invite code/>` set to `@g.us` (Baileys `groupAcceptInvite`, whatsmeow `JoinGroupWithLink`): joins and
 * answers `<group jid/>` (a member already in gets the same answer). In a group that needs approval it files
 * a join request instead and answers `<membership_approval_request jid/>` (whatsmeow reads it; Baileys returns
 * undefined); the admins are told `<created_membership_requests request_method="invite_link">` (Baileys:
 * `group.join-request` `created`). A join is told to the members as `<add reason="invite">` without an author.
 */
export const acceptInvite = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = groupOfCode(call, child(call.iq, "invite")?.attrs["code"])
  const outcome = joinByLink(call, group)
  const requested = outcome === "requested" || outcome === "already_requested"
  return [iqResult(call.iq, [node(requested ? "membership_approval_request" : "group", { jid: group.jid })])]
}

/** What a join by link came to. */
export type JoinOutcome = "joined" | "requested" | "already_member" | "already_requested"

/**
 * The actor follows a group's invite link: joins (told to the members as `<add reason="invite">` without an
 * author), or in a group that needs approval files a request the admins are told of
 * (`<created_membership_requests request_method="invite_link">`, author: the requester).
 */
export const joinByLink = (call: GroupAct, group: Group): JoinOutcome => {
  if (group.isMember(call.actor)) return "already_member"
  if (group.joinApproval) {
    if (group.requests.has(call.actor)) return "already_requested"
    group.requests.set(call.actor, { account: call.actor, time: call.now, method: "invite_link" })
    call.notify.send(group, group.admins, call.actor, node("created_membership_requests", { request_method: "invite_link" }, [
      participantNode(group, call.actor, false)
    ]))
    return "requested"
  }
  admit(call, group, [call.actor], { author: undefined, reason: "invite" })
  return "joined"
}
