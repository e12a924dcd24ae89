import type { Account } from "../../accounts/Account.ts"
import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, children, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Group } from "../Group.ts"
import { existingGroup, type GroupCall } from "../GroupCall.ts"
import { admit } from "../membership.ts"
import { groupNode, linkTargetNode, textOf } from "../nodes.ts"
import { badRequest, forbidden, notAcceptable, notAuthorized } from "../Refusal.ts"
import { acceptsDirectAdds, answerParticipant, membersOf, namedUser } from "../users.ts"
import { addRequestNode } from "./addRequests.ts"
import { DESCRIPTION_LIMIT, newDescriptionId, SUBJECT_LIMIT } from "./info.ts"

/** The settings a create may carry (whatsmeow `CreateGroup` sends them; Baileys' `groupCreate` sends none). */
const applySettings = (group: Group, request: BinaryNode): void => {
  group.announce = child(request, "announcement") !== undefined
  group.locked = child(request, "locked") !== undefined
  const mode = textOf(child(request, "member_add_mode"))
  if (mode !== undefined) {
    if (mode !== "admin_add" && mode !== "all_member_add") throw badRequest(`member_add_mode ${mode}`)
    group.memberAddMode = mode
  }
  group.joinApproval = child(child(request, "membership_approval_mode"), "group_join")?.attrs["state"] === "on"
  const expiration = Number(child(request, "ephemeral")?.attrs["expiration"] ?? "0")
  group.ephemeral = Number.isSafeInteger(expiration) && expiration > 0 ? expiration : 0
}

/** The community a `linked_parent` names, if the creator may create groups in it. */
const linkedParentOf = (call: GroupCall, request: BinaryNode): Group | undefined => {
  const linked = child(request, "linked_parent")
  if (linked === undefined) return undefined
  const parent = existingGroup(call, linked.attrs["jid"])
  if (parent.community === undefined) throw notAcceptable(`${parent.jid} is not a community`)
  if (!parent.isMember(call.actor)) throw forbidden(`${call.actor.jid} is not in ${parent.jid}`)
  if (!parent.isAdmin(call.actor) && !parent.community.allowNonAdminSubGroupCreation) {
    throw notAuthorized(`only admins create groups in ${parent.jid}`)
  }
  return parent
}

/** A group made alongside a community (its announcement group, its general chat), with the same members. */
const companionGroup = (call: GroupCall, community: Group, subject: string, isAnnouncement: boolean): Group => {
  const group = call.groups.create({
    subject,
    creator: call.actor,
    creation: call.now,
    addressingMode: community.addressingMode,
    isAnnouncement
  })
  group.announce = isAnnouncement
  group.parent = community
  for (const [account, role] of community.members) group.members.set(account, role)
  return group
}

/**
 * `<create subject key><participant jid/>…[settings]</create>` to `@g.us`. The creator is superadmin; each
 * participant is added, or answered in the reply's `<group>` with `error`: 403 and an `<add_request>` when
 * their privacy settings refuse direct adds, 404 when the number is not on WhatsApp (whatsmeow
 * `parseParticipant` reads both). With `<parent>` it is a community, made with its announcement group (and a
 * general chat on `<create_general_chat/>`); with `<linked_parent jid>` a group inside one. Every member's
 * devices (the creator's other ones too) get `<create type="new" key>`.
 */
export const create = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const request = child(call.iq, "create")!
  const subject = request.attrs["subject"] ?? ""
  if ([...subject].length > SUBJECT_LIMIT) throw notAcceptable(`a subject is at most ${SUBJECT_LIMIT} characters`)
  const parent = linkedParentOf(call, request)
  const users = children(request).filter((c) => c.tag === "participant").map((c) => namedUser(call.world, c.attrs["jid"]))
  const parentRequest = child(request, "parent")
  const group = call.groups.create({
    subject,
    creator: call.actor,
    creation: call.now,
    addressingMode: parent?.addressingMode ?? call.groups.addressingFor(call.actor),
    community: parentRequest === undefined ? undefined : {
      defaultMembershipApprovalMode: parentRequest.attrs["default_membership_approval_mode"] ?? "request_required",
      allowNonAdminSubGroupCreation: child(request, "allow_non_admin_sub_group_creation") !== undefined,
      announcement: undefined,
      subGroups: new Set()
    }
  })
  applySettings(group, request)
  const description = textOf(child(child(request, "description"), "body"))
  if (description !== undefined && description !== "") {
    if ([...description].length > DESCRIPTION_LIMIT) throw notAcceptable("description too long")
    group.description = {
      id: child(request, "description")?.attrs["id"] ?? newDescriptionId(),
      body: description,
      author: call.actor,
      time: call.now
    }
  }
  group.members.set(call.actor, "superadmin")
  const failed: Array<BinaryNode> = []
  for (const user of users) {
    const account: Account | undefined = user.account
    if (account === undefined) failed.push(answerParticipant(user, 404))
    else if (group.isMember(account)) continue
    else if (!acceptsDirectAdds(account)) failed.push(answerParticipant(user, 403, [addRequestNode(call, group, account)]))
    else group.members.set(account, "member")
  }
  const created = { type: "new", key: request.attrs["key"] }
  call.notify.send(group, membersOf(group), call.actor, node("create", created, [groupNode(group)]))
  if (group.community !== undefined) {
    const announcement = companionGroup(call, group, subject, true)
    group.community.announcement = announcement
    call.notify.send(announcement, membersOf(announcement), call.actor, node("create", created, [groupNode(announcement)]))
    if (child(request, "create_general_chat") !== undefined) {
      const general = companionGroup(call, group, "General", false)
      group.community.subGroups.add(general)
      call.notify.send(general, membersOf(general), call.actor, node("create", created, [groupNode(general)]))
    }
  }
  if (parent?.community !== undefined) {
    group.parent = parent
    parent.community.subGroups.add(group)
    call.notify.send(parent, membersOf(parent), call.actor,
      node("link", { link_type: "sub_group" }, [linkTargetNode(group)]))
    admit(call, parent, membersOf(group), { author: call.actor })
  }
  return [iqResult(call.iq, [groupNode(group, { extra: failed })])]
}
