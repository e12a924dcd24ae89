import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, children, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Group } from "../Group.ts"
import { existingGroup, type GroupCall } from "../GroupCall.ts"
import { dismiss } from "../membership.ts"
import { badRequest, forbidden } from "../Refusal.ts"

/**
 * `<leave><group id/>…</leave>` set to `@g.us` (Baileys `groupLeave`, whatsmeow `LeaveGroup`), or
 * `<leave><community id/></leave>` (Baileys `communityLeave`: the community, its announcement group and every
 * linked group the user is in). The members, the leaver's other devices included, are told
 * `<remove><participant/></remove>` with the leaver as author (Baileys: `GROUP_PARTICIPANT_LEAVE` →
 * `group-participants.update` `remove`). Every group is checked before any is left: 404 for one that does not
 * exist, 403 for one the user is not in. Answered `<leave><group id/>…</leave>`.
 */
export const leave = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const request = child(call.iq, "leave")!
  const targets = children(request).filter((c) => c.tag === "group" || c.tag === "community")
  if (targets.length === 0) throw badRequest("leave names no group")
  const groups: Array<{ readonly group: Group; readonly community: boolean }> = targets.map((target) => {
    const group = existingGroup(call, target.attrs["id"])
    if (!group.isMember(call.actor)) throw forbidden(`${call.actor.jid} is not in ${group.jid}`)
    return { group, community: target.tag === "community" }
  })
  for (const { group, community } of groups) {
    dismiss(call, group, [call.actor], { author: call.actor, left: true, linkedGroups: community })
  }
  return [iqResult(call.iq, [node("leave", {}, targets.map((target) => node(target.tag, { id: target.attrs["id"] })))])]
}
