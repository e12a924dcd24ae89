import type { Account } from "../../accounts/Account.ts"
import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import { adminGroup, type GroupCall } from "../GroupCall.ts"
import { admit } from "../membership.ts"
import { participantNode, twinAttrs } from "../nodes.ts"
import { badRequest } from "../Refusal.ts"
import { answerParticipant, namedParticipants } from "../users.ts"

/**
 * `<membership_approval_requests/>` get (Baileys `groupRequestParticipantsList` returns each request's attrs;
 * whatsmeow `GetGroupRequestParticipants` reads `jid` and `request_time`): admins only (401).
 */
export const listRequests = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  const requests = [...group.requests.values()].map((request) =>
    node("membership_approval_request", {
      jid: group.addressOf(request.account),
      ...twinAttrs(group, request.account),
      request_time: String(request.time),
      request_method: request.method
    }))
  return [iqResult(call.iq, [node("membership_approval_requests", {}, requests)])]
}

/**
 * `<membership_requests_action><approve|reject><participant jid/>…` (Baileys `groupRequestParticipantsUpdate`,
 * whatsmeow `UpdateGroupRequestParticipants`): admins only. Each participant is answered as asked, 404 when
 * they have no pending request. Approved ones join (told as an `add` by the admin); rejected ones are told to
 * the admins as `<revoked_membership_requests>` by the admin (Baileys: `group.join-request` `rejected`).
 */
export const actOnRequests = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  const actionNode = child(call.iq, "membership_requests_action")
  const approve = child(actionNode, "approve")
  const chosen = approve ?? child(actionNode, "reject")
  if (chosen === undefined) throw badRequest("membership_requests_action needs approve or reject")
  const done: Array<Account> = []
  const answers = namedParticipants(call.world, chosen).map((user) => {
    const account = user.account
    if (account === undefined || !group.requests.has(account) || done.includes(account)) return answerParticipant(user, 404)
    done.push(account)
    return answerParticipant(user)
  })
  if (approve !== undefined) admit(call, group, done, { author: call.actor })
  else {
    // One notification per user: Baileys reads the first <participant> of each.
    for (const account of done) {
      group.requests.delete(account)
      call.notify.send(group, group.admins, call.actor,
        node("revoked_membership_requests", {}, [participantNode(group, account, false)]))
    }
  }
  return [iqResult(call.iq, [node("membership_requests_action", {}, [node(chosen.tag, {}, answers)])])]
}
