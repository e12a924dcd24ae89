import type { Account } from "../../accounts/Account.ts"
import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import type { Group } from "../Group.ts"
import { adminGroup, existingGroup, type GroupCall } from "../GroupCall.ts"
import { admit } from "../membership.ts"
import { groupNode } from "../nodes.ts"
import { gone, notAcceptable } from "../Refusal.ts"
import { namedParticipants } from "../users.ts"

/** How long the invite an add turned into stays valid: three days, as WhatsApp's group invite messages. */
const ADD_REQUEST_SECONDS = 3 * 24 * 60 * 60

/**
 * An add the user's privacy settings refused becomes an invite: `<add_request code expiration/>` in the
 * participant's answer (whatsmeow `parseParticipant` → `AddRequest`). The admin's client sends the user a
 * group invite message with it; the user joins with `<accept code expiration admin/>`.
 */
export const addRequestNode = (call: GroupCall, group: Group, account: Account): BinaryNode => {
  const request = { code: call.groups.freshCode(), expiration: call.now + ADD_REQUEST_SECONDS, admin: call.actor }
  group.addRequests.set(account, request)
  return node("add_request", { code: request.code, expiration: String(request.expiration) })
}

/** The add request a code names for the asking user: 406 for a code that is not theirs, 410 once expired. */
const validRequest = (call: GroupCall, group: Group, code: string | undefined) => {
  const request = group.addRequests.get(call.actor)
  if (request === undefined || request.code !== code) throw notAcceptable("no such invite for this user")
  if (request.expiration < call.now) throw gone("the invite expired")
  return request
}

/** `<accept code expiration admin/>` to the group (Baileys `groupAcceptInviteV4`, whatsmeow `JoinGroupWithInvite`). */
export const acceptAddRequest = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = existingGroup(call, call.iq.attrs["to"])
  if (!group.isMember(call.actor)) {
    const request = validRequest(call, group, child(call.iq, "accept")?.attrs["code"])
    admit(call, group, [call.actor], { author: request.admin })
  }
  return [iqResult(call.iq)]
}

/** `<revoke><participant jid/></revoke>`: an admin withdraws such invites (Baileys `groupRevokeInviteV4`). */
export const revokeAddRequests = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = adminGroup(call)
  for (const user of namedParticipants(call.world, child(call.iq, "revoke"))) {
    if (user.account !== undefined) group.addRequests.delete(user.account)
  }
  return [iqResult(call.iq)]
}

/** `<query><add_request code expiration admin/></query>`: the invited user previews the group (whatsmeow `GetGroupInfoFromInvite`). */
export const addRequestInfo = (call: GroupCall, query: BinaryNode): ReadonlyArray<BinaryNode> => {
  const group = existingGroup(call, call.iq.attrs["to"])
  if (!group.isMember(call.actor)) validRequest(call, group, child(query, "add_request")?.attrs["code"])
  return [iqResult(call.iq, [groupNode(group)])]
}
