import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import { adminGroup, type GroupCall } from "../GroupCall.ts"
import { text, textOf } from "../nodes.ts"
import { badRequest } from "../Refusal.ts"
import { membersOf } from "../users.ts"

/**
 * `<announcement/>`, `<not_announcement/>`, `<locked/>`, `<unlocked/>` (Baileys `groupSettingUpdate`, whatsmeow
 * `SetGroupAnnounce`/`SetGroupLocked`): admins only (401). A change is told to the members as the same tag;
 * announcement ones carry `v_id`, which whatsmeow's `parseGroupChange` requires. Setting what is already set
 * changes nothing and tells no one.
 */
export const setFlag = (call: GroupCall, tag: "announcement" | "not_announcement" | "locked" | "unlocked"): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  if (tag === "announcement" || tag === "not_announcement") {
    const announce = tag === "announcement"
    if (group.announce !== announce) {
      group.announce = announce
      group.announceVersion++
      call.notify.send(group, membersOf(group), call.actor, node(tag, { v_id: String(group.announceVersion) }))
    }
  } else {
    const locked = tag === "locked"
    if (group.locked !== locked) {
      group.locked = locked
      call.notify.send(group, membersOf(group), call.actor, node(tag))
    }
  }
  return [iqResult(call.iq)]
}

/**
 * `<member_add_mode>admin_add|all_member_add</member_add_mode>` (Baileys `groupMemberAddMode`, whatsmeow
 * `SetGroupMemberAddMode`): admins only; told as the same node (Baileys: `GROUP_MEMBER_ADD_MODE` →
 * `groups.update {memberAddMode}`).
 */
export const setMemberAddMode = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  const mode = textOf(child(call.iq, "member_add_mode"))
  if (mode !== "admin_add" && mode !== "all_member_add") throw badRequest(`member_add_mode ${mode ?? "missing"}`)
  if (group.memberAddMode !== mode) {
    group.memberAddMode = mode
    call.notify.send(group, membersOf(group), call.actor, node("member_add_mode", {}, text(mode)))
  }
  return [iqResult(call.iq)]
}

/**
 * `<membership_approval_mode><group_join state="on|off"/></membership_approval_mode>` (Baileys
 * `groupJoinApprovalMode`, whatsmeow `SetGroupJoinApprovalMode`; Baileys' `communityJoinApprovalMode` says
 * `community_join`): admins only; told as the same node (Baileys: `GROUP_MEMBERSHIP_JOIN_APPROVAL_MODE` →
 * `groups.update {joinApprovalMode}`). Pending requests stay pending.
 */
export const setJoinApproval = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  const mode = child(call.iq, "membership_approval_mode")
  const join = child(mode, "group_join") ?? child(mode, "community_join")
  const state = join?.attrs["state"]
  if (state !== "on" && state !== "off") throw badRequest(`group_join state ${state ?? "missing"}`)
  const on = state === "on"
  if (group.joinApproval !== on) {
    group.joinApproval = on
    call.notify.send(group, membersOf(group), call.actor,
      node("membership_approval_mode", {}, [node(join?.tag ?? "group_join", { state })]))
  }
  return [iqResult(call.iq)]
}
