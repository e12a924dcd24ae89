import type { Account } from "../../accounts/Account.ts"
import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Group } from "../Group.ts"
import { type GroupCall, memberGroup } from "../GroupCall.ts"
import { admit, changeRoles, dismiss } from "../membership.ts"
import { notAuthorized } from "../Refusal.ts"
import { acceptsDirectAdds, answerParticipant, namedParticipants, type NamedUser } from "../users.ts"
import { addRequestNode } from "./addRequests.ts"

/** How long after leaving by themselves a user cannot be added back directly (408): a day, the simulator's choice. */
export const RECENTLY_LEFT_SECONDS = 24 * 60 * 60

export type ParticipantAction = "add" | "remove" | "promote" | "demote"

/** Per-participant codes of an add: 404 not on WhatsApp, 409 already in, 408 left recently, 403 privacy (+ invite). */
const addStatus = (call: GroupCall, group: Group, user: NamedUser, admitted: ReadonlyArray<Account>): BinaryNode | Account => {
  const account = user.account
  if (account === undefined) return answerParticipant(user, 404)
  if (group.isMember(account) || admitted.includes(account)) return answerParticipant(user, 409)
  const leftAt = group.leftAt.get(account)
  if (leftAt !== undefined && call.now - leftAt < RECENTLY_LEFT_SECONDS) return answerParticipant(user, 408)
  if (!acceptsDirectAdds(account)) return answerParticipant(user, 403, [addRequestNode(call, group, account)])
  return account
}

/**
 * Per-participant codes of a remove/promote/demote: 404 not in the group, 403 the creator touched by another, or
 * the creator removing or demoting itself (it leaves instead; it is never demoted).
 */
const changeStatus = (call: GroupCall, group: Group, user: NamedUser, action: ParticipantAction): BinaryNode | Account => {
  const account = user.account
  if (account === undefined || !group.isMember(account)) return answerParticipant(user, 404)
  if (group.roleOf(account) === "superadmin" && account !== call.actor && group.roleOf(call.actor) !== "superadmin") {
    return answerParticipant(user, 403)
  }
  if (group.roleOf(account) === "superadmin" && account === call.actor && action !== "promote") return answerParticipant(user, 403)
  return account
}

/**
 * `<add|remove|promote|demote><participant jid/>…</…>` to the group (Baileys `groupParticipantsUpdate` and
 * `communityParticipantsUpdate`, whatsmeow `UpdateGroupParticipants`). Admins only, except adds when the group
 * lets every member add (`all_member_add`); others get 401. The answer lists every participant as asked,
 * with `error` for those not done (Baileys: `status = error || "200"`; whatsmeow `parseParticipant` →
 * `Error`, `AddRequest`). Changes are told to the members (see membership.ts). Removing from a community with
 * `linked_groups="true"` removes from its groups too.
 */
export const updateParticipants = (call: GroupCall, action: ParticipantAction): ReadonlyArray<BinaryNode> => {
  const group = memberGroup(call)
  const request = child(call.iq, action)!
  const mayAct = group.isAdmin(call.actor) || (action === "add" && group.memberAddMode === "all_member_add")
  if (!mayAct) throw notAuthorized(`${call.actor.jid} may not ${action} in ${group.jid}`)
  const users = namedParticipants(call.world, request)
  const done: Array<Account> = []
  const answers = users.map((user) => {
    const status = action === "add" ? addStatus(call, group, user, done) : changeStatus(call, group, user, action)
    if ("tag" in status) return status
    done.push(status)
    return answerParticipant(user)
  })
  if (action === "add") admit(call, group, done, { author: call.actor })
  else if (action === "remove") {
    dismiss(call, group, done, { author: call.actor, left: false, linkedGroups: request.attrs["linked_groups"] === "true" })
  } else changeRoles(call, group, done, action)
  return [iqResult(call.iq, [node(action, {}, answers)])]
}
